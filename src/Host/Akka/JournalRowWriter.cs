namespace SignalingAkka.Host.Akka;

/// <summary>
/// Writes journal rows batched as Akka.Persistence.Sql batches them: writes that arrive while <c>parallelism</c>
/// transactions are in flight wait, and go together (up to <c>batch-size</c> rows; one write larger than that goes
/// alone) into the next transaction. A database's writer says how a batch is inserted.
/// </summary>
public abstract class JournalRowWriter : IDisposable
{
    private readonly int _batchSize;
    private readonly BatchQueue<PendingWrite> _queue;

    /// <param name="name">What the writer is, for the messages of refused writes.</param>
    /// <param name="batchSize">Most rows in one transaction (the plugin's batch-size).</param>
    /// <param name="parallelism">Most transactions in flight at once (the plugin's parallelism).</param>
    /// <param name="bufferSize">Most writes waiting; beyond that a write fails (the plugin's buffer-size).</param>
    protected JournalRowWriter(string name, int batchSize, int parallelism, int bufferSize)
    {
        _batchSize = Math.Max(1, batchSize);
        _queue = new BatchQueue<PendingWrite>(name, Take, RunAsync, parallelism, bufferSize);
    }

    /// <summary>
    /// Completes when the rows are committed, fails if they may not be (then none of the transaction's rows is).
    /// </summary>
    public Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return Task.CompletedTask;
        var pending = new PendingWrite(rows, cancellationToken);
        return _queue.Enqueue(pending) is { } refused ? Task.FromException(refused) : pending.Done.Task;
    }

    /// <summary>Inserts the rows, in their order, in one transaction: all are committed or none.</summary>
    protected abstract Task InsertAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken);

    /// <summary>Up to batch-size rows; one write larger than that goes alone.</summary>
    private void Take(Queue<PendingWrite> queue, List<PendingWrite> batch)
    {
        var rows = 0;
        while (queue.TryPeek(out var next) && (batch.Count == 0 || rows + next.Rows.Count <= _batchSize))
        {
            batch.Add(queue.Dequeue());
            rows += next.Rows.Count;
        }
    }

    private async Task RunAsync(IReadOnlyList<PendingWrite> writes, CancellationToken cancellationToken)
    {
        await InsertAsync(writes.Count == 1 ? writes[0].Rows : writes.SelectMany(w => w.Rows).ToList(), cancellationToken);
        foreach (var pending in writes) pending.Done.TrySetResult();
    }

    /// <summary>Cancels the transactions in flight where the database allows it, and the writes still waiting.</summary>
    public virtual void Dispose() => _queue.Dispose();

    private sealed class PendingWrite(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
        : QueuedWork(cancellationToken)
    {
        public IReadOnlyList<JournalRow> Rows { get; } = rows;

        // Completed on the writer's loop; what runs on it is the journal's bookkeeping, which only sends messages.
        public TaskCompletionSource Done { get; } = new();

        public override void Cancel(CancellationToken token) => Done.TrySetCanceled(token);

        public override void Fail(Exception failure) => Done.TrySetException(failure);
    }
}
