using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SignalingAkka.Actors.ReadModel;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// The actors' <see cref="IReadModelSink"/>: <see cref="Record"/> only queues, and one loop writes
/// the queue in order: whatever has queued up (at most <see cref="ReadModelWriterOptions.MaxBatch"/>
/// records) in one transaction, at most one transaction per <see cref="ReadModelWriterOptions.BatchInterval"/>
/// unless a full batch waits. When that transaction fails, nothing of it is kept and its records
/// are written again one by one, each in its own transaction. Order matters (a participant row needs
/// its session row), so a failed record is retried with exponential backoff while everything
/// behind it waits. A record that can never be written is logged whole and skipped. Stopping
/// drains the queue until the host's shutdown deadline.
/// </summary>
public sealed class ReadModelWriter : BackgroundService, IReadModelSink
{
    // How long StopAsync waits, after the deadline, for the loop to log what it abandoned.
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(2);

    // Not SingleReader: that channel cannot count what it holds, and pacing asks.
    private readonly Channel<ReadModelRecord> _queue = Channel.CreateUnbounded<ReadModelRecord>();

    // Cancelled only when the host's shutdown deadline passes; until then stopping drains the queue.
    private readonly CancellationTokenSource _deadline = new();

    // Cancelled when stopping starts: the loop then drains the queue without waiting between transactions.
    private readonly CancellationTokenSource _draining = new();
    private readonly RecordApplier _applier;
    private readonly ReadModelMetrics _metrics;
    private readonly ILogger<ReadModelWriter> _logger;
    private readonly ReadModelWriterOptions _options;
    private int _disposed;

    public ReadModelWriter(ReadModelDatabase database, ReadModelMetrics metrics, ILogger<ReadModelWriter> logger,
        ReadModelWriterOptions? options = null)
    {
        _applier = new RecordApplier(database);
        _metrics = metrics;
        _logger = logger;
        _options = options ?? new ReadModelWriterOptions();
    }

    /// <summary>Queues the record; never blocks, never throws. After stopping, the record is refused and logged.</summary>
    public void Record(ReadModelRecord record)
    {
        // Counted before the write so the loop can never count it down first.
        _metrics.QueueLength.Inc();
        if (_queue.Writer.TryWrite(record)) return;

        _metrics.QueueLength.Dec();
        _metrics.Dropped.Inc();
        ReadModelLog.RecordRefused(_logger, record.GetType().Name, record);
    }

    /// <summary>
    /// Refuses new records and waits for the loop to write what is queued. When
    /// <paramref name="cancellationToken"/> (the host's shutdown deadline) fires first, the loop
    /// gives up and logs every record still unwritten.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // base.StopAsync is deliberately not called: it cancels the stopping token, and BackgroundService
        // starts ExecuteAsync through Task.Run with that token, so a stop right after the start would
        // cancel the loop before it ran and lose the queue. The loop ends when the queue is completed.
        _queue.Writer.TryComplete();
        await _draining.CancelAsync();
        ReadModelLog.Draining(_logger, (int)_metrics.QueueLength.Value);
        if (ExecuteTask is not { } loop) return;

        await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (loop.IsCompleted) return;

        // The deadline passed with records unwritten: stop the loop and let it log what it abandons.
        await _deadline.CancelAsync();
        await loop.WaitAsync(AbandonGrace, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// Without a StopAsync first (a failed start), the loop is ended here and logs what it abandons.
    /// Safe to call again: the container disposes the one instance once per registration it is behind
    /// (the writer, the sink, the hosted service).
    /// </summary>
    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.Writer.TryComplete();
        _draining.Cancel();
        _deadline.Cancel();
        base.Dispose();
        _deadline.Dispose();
        _draining.Dispose();
    }

    // stoppingToken is deliberately not used: StopAsync completes the queue and this loop drains it.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var deadline = _deadline.Token;
        var batch = new List<ReadModelRecord>(_options.MaxBatch);
        var written = 0; // of batch, in order
        try
        {
            while (await _queue.Reader.WaitToReadAsync(deadline))
            {
                var started = Stopwatch.GetTimestamp();
                while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var record)) batch.Add(record);
                if (batch.Count > 1 && await TryWriteAllAsync(batch, deadline))
                {
                    written = batch.Count;
                }
                else
                {
                    for (; written < batch.Count; written++) await WriteWithRetriesAsync(batch[written], deadline);
                }

                _metrics.QueueLength.Dec(batch.Count);
                batch.Clear();
                written = 0;
                await PaceAsync(started);
            }
        }
        catch (Exception) when (deadline.IsCancellationRequested)
        {
            // Records are counted out of the queue once written; the written head of the batch is done.
            _metrics.QueueLength.Dec(written);
            Abandon(batch.Skip(written));
        }
    }

    /// <summary>
    /// Waits out the rest of <see cref="ReadModelWriterOptions.BatchInterval"/> from <paramref name="started"/>, unless a
    /// full batch already waits or stopping has begun.
    /// </summary>
    private async Task PaceAsync(long started)
    {
        var rest = _options.BatchInterval - Stopwatch.GetElapsedTime(started);
        if (rest <= TimeSpan.Zero || _queue.Reader.Count >= _options.MaxBatch || _draining.IsCancellationRequested) return;
        await Task.Delay(rest, _draining.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The whole run in one transaction; false (nothing written) when any of it fails, to be written one by one.</summary>
    private async Task<bool> TryWriteAllAsync(List<ReadModelRecord> batch, CancellationToken ct)
    {
        try
        {
            await _applier.ApplyAllAsync(batch, ct);
            _metrics.Written.Inc(batch.Count);
            return true;
        }
        catch (Exception failure) when (!ct.IsCancellationRequested)
        {
            ReadModelLog.BatchFailed(_logger, failure, batch.Count);
            return false;
        }
    }

    private async Task WriteWithRetriesAsync(ReadModelRecord record, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _applier.ApplyAsync(record, ct);
                _metrics.Written.Inc();
                return;
            }
            catch (Exception failure) when (!ct.IsCancellationRequested)
            {
                var kind = WriteFailures.Classify(failure);
                if (GivesUp(kind, attempt))
                {
                    _metrics.Dropped.Inc();
                    ReadModelLog.RecordDropped(_logger, failure, record.GetType().Name, attempt, kind, record);
                    return;
                }

                var delay = RetryBackoff.Delay(attempt, _options.InitialRetryDelay, _options.MaxRetryDelay);
                _metrics.Retries.Inc();
                ReadModelLog.WriteRetrying(_logger, failure, record.GetType().Name, attempt, kind, delay);
                await Task.Delay(delay, ct);
            }
        }
    }

    private bool GivesUp(WriteFailureKind kind, int attempt) => kind switch
    {
        WriteFailureKind.Permanent => true,
        WriteFailureKind.MissingReference => attempt >= _options.MissingReferenceAttempts,
        _ => false,
    };

    /// <summary>The deadline passed: whatever is unwritten is logged one by one and counted as dropped.</summary>
    private void Abandon(IEnumerable<ReadModelRecord> unwritten)
    {
        var abandoned = unwritten.ToList();
        while (_queue.Reader.TryRead(out var queued)) abandoned.Add(queued);
        if (abandoned.Count == 0) return;

        foreach (var record in abandoned) ReadModelLog.RecordAbandoned(_logger, record.GetType().Name, record);
        ReadModelLog.RecordsAbandoned(_logger, abandoned.Count);
        _metrics.Dropped.Inc(abandoned.Count);
        _metrics.QueueLength.Dec(abandoned.Count);
    }
}
