using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;

namespace SignalingAkka.Bench.Persistence;

/// <summary>
/// The real Akka.Persistence.Sql journal, counting what it is asked to write: how many WriteMessages calls
/// (one per in-flight batch of a persistent actor), how many events they carry, and how long each takes.
/// Configured in place of the journal's class (akka.persistence.journal.sql.class); it adds two counters
/// and a timestamp per batch, nothing per event.
/// </summary>
public sealed class CountingSqlWriteJournal(Config journalConfig) : SqlWriteJournal(journalConfig)
{
    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyCollection<AtomicWrite> ?? messages.ToList();
        var events = 0;
        foreach (var write in writes) events += ((IEnumerable<IPersistentRepresentation>)write.Payload).Count();
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await base.WriteMessagesAsync(writes, cancellationToken);
        }
        finally
        {
            JournalCounters.Record(events, Stopwatch.GetTimestamp() - started);
        }
    }

    protected override async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        JournalCounters.DeleteStarted();
        try
        {
            await base.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);
            failed = false;
        }
        finally
        {
            JournalCounters.RecordDelete(failed, Stopwatch.GetTimestamp() - started);
        }
    }
}

/// <summary>Totals of <see cref="CountingSqlWriteJournal"/>; take a <see cref="Snapshot"/> before and after a window.</summary>
public static class JournalCounters
{
    private static long _batches;
    private static long _events;
    private static long _ticks;
    private static long _deletes;
    private static long _failedDeletes;
    private static long _deleteTicks;
    private static long _maxDeleteTicks;
    private static long _deletesInFlight;

    /// <summary>Deletes the journal has started and not finished (they may wait on locks for seconds).</summary>
    public static long DeletesInFlight => Interlocked.Read(ref _deletesInFlight);

    public static void DeleteStarted() => Interlocked.Increment(ref _deletesInFlight);

    public static void Record(int events, long elapsedTicks)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _ticks, elapsedTicks);
    }

    public static void RecordDelete(bool failed, long elapsedTicks)
    {
        Interlocked.Decrement(ref _deletesInFlight);
        Interlocked.Increment(ref _deletes);
        if (failed) Interlocked.Increment(ref _failedDeletes);
        Interlocked.Add(ref _deleteTicks, elapsedTicks);
        long max;
        while (elapsedTicks > (max = Interlocked.Read(ref _maxDeleteTicks)) &&
               Interlocked.CompareExchange(ref _maxDeleteTicks, elapsedTicks, max) != max)
        {
        }
    }

    /// <summary>Totals so far, with the longest delete since the previous call (which starts the next interval).</summary>
    public static Totals Snapshot() => new(Interlocked.Read(ref _batches), Interlocked.Read(ref _events), Interlocked.Read(ref _ticks),
        Interlocked.Read(ref _deletes), Interlocked.Read(ref _failedDeletes), Interlocked.Read(ref _deleteTicks),
        Interlocked.Exchange(ref _maxDeleteTicks, 0));

    /// <summary>Totals so far, leaving the longest-delete interval running.</summary>
    public static Totals Peek() => new(Interlocked.Read(ref _batches), Interlocked.Read(ref _events), Interlocked.Read(ref _ticks),
        Interlocked.Read(ref _deletes), Interlocked.Read(ref _failedDeletes), Interlocked.Read(ref _deleteTicks),
        Interlocked.Read(ref _maxDeleteTicks));

    public readonly record struct Totals(long Batches, long Events, long Ticks, long Deletes, long FailedDeletes, long DeleteTicks, long MaxDeleteTicks)
    {
        /// <summary>Differences of the counters; the longest delete is the later snapshot's (since the one before it).</summary>
        public static Totals operator -(Totals a, Totals b) => new(a.Batches - b.Batches, a.Events - b.Events, a.Ticks - b.Ticks,
            a.Deletes - b.Deletes, a.FailedDeletes - b.FailedDeletes, a.DeleteTicks - b.DeleteTicks, a.MaxDeleteTicks);

        public double MsPerDelete => Deletes == 0 ? 0 : DeleteTicks * 1000.0 / Stopwatch.Frequency / Deletes;

        public double MaxDeleteMs => MaxDeleteTicks * 1000.0 / Stopwatch.Frequency;

        /// <summary>"" without deletes, else e.g. "85 event deletes (2 failed), 12.3 ms avg, 1,020 ms max".</summary>
        public string DescribeDeletes() => Deletes == 0
            ? string.Empty
            : $"{Deletes} event deletes{(FailedDeletes > 0 ? $" ({FailedDeletes} FAILED)" : "")}, {MsPerDelete:0.0} ms avg, {MaxDeleteMs:0} ms max";

        public double EventsPerBatch => Batches == 0 ? 0 : (double)Events / Batches;

        public double MsPerBatch => Batches == 0 ? 0 : Ticks * 1000.0 / Stopwatch.Frequency / Batches;
    }
}
