using Akka.Actor;
using Akka.Event;

namespace SignalingAkka.Bench.Persistence;

/// <summary>
/// Akka's logger for the benchmark: one line per warning or error (no stack traces), the first few of each kind,
/// and a count of every kind, so that journal trouble during a run (failed deletes, failed writes, an open circuit
/// breaker) is reported next to the figures instead of scrolling them away.
/// </summary>
public sealed class CompactLogger : ReceiveActor, Akka.Dispatch.IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private const int PrintedPerKind = 3;

    public CompactLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<Warning>(w => Handle("WARNING", w));
        Receive<Error>(e => Handle("ERROR", e));
        Receive<LogEvent>(_ => { });
    }

    private static void Handle(string level, LogEvent e)
    {
        var message = e.Message?.ToString() ?? string.Empty;
        var cause = e.Cause is { } c ? $" — {c.GetType().Name}: {FirstLine(c.Message)}" : string.Empty;
        var kind = LogCounts.Classify(message + cause);
        if (LogCounts.Add(kind) <= PrintedPerKind)
            Console.WriteLine($"  [{level}] {FirstLine(message)}{cause}");
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}

/// <summary>Warnings and errors by kind since the process started; take a <see cref="Snapshot"/> before and after a run.</summary>
public static class LogCounts
{
    public enum Kind { DeleteEventsFailed, PersistFailed, CircuitOpen, SnapshotFailed, Other }

    private static readonly long[] Counts = new long[Enum.GetValues<Kind>().Length];

    public static Kind Classify(string text) =>
        text.Contains("Circuit Breaker is open", StringComparison.OrdinalIgnoreCase) ? Kind.CircuitOpen
        : text.Contains("Deleting events", StringComparison.Ordinal) ? Kind.DeleteEventsFailed
        : text.Contains("Failed to persist", StringComparison.Ordinal) || text.Contains("Rejected to persist", StringComparison.Ordinal) ? Kind.PersistFailed
        : text.Contains("napshot", StringComparison.Ordinal) ? Kind.SnapshotFailed
        : Kind.Other;

    public static long Add(Kind kind) => Interlocked.Increment(ref Counts[(int)kind]);

    public static long[] Snapshot() => Enumerable.Range(0, Counts.Length).Select(i => Interlocked.Read(ref Counts[i])).ToArray();

    /// <summary>"" when nothing happened between the two snapshots, else e.g. "12 failed deletes, 1 failed write".</summary>
    public static string Describe(long[] before, long[] after)
    {
        var parts = new List<string>();
        void Part(Kind kind, string name)
        {
            var n = after[(int)kind] - before[(int)kind];
            if (n > 0) parts.Add($"{n} {name}");
        }

        Part(Kind.DeleteEventsFailed, "failed event deletes");
        Part(Kind.PersistFailed, "failed writes");
        Part(Kind.CircuitOpen, "circuit-breaker-open failures");
        Part(Kind.SnapshotFailed, "snapshot failures");
        Part(Kind.Other, "other warnings");
        return string.Join(", ", parts);
    }
}
