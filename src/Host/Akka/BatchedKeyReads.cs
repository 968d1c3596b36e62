namespace SignalingAkka.Host.Akka;

/// <summary>
/// Answers reads of one key each with one query for many keys: reads that arrive while a query is in flight wait,
/// and go together (up to <c>maxKeys</c> distinct keys) into the next one. A read alone is sent at once.
/// Every new session recovers with two such reads, and under churn they are most of the statements that
/// PostgreSQL and Npgsql run one by one; batched, their per-statement cost is shared.
/// </summary>
/// <typeparam name="T">The value of a key; keys the query does not return get <c>missing</c>.</typeparam>
public sealed class BatchedKeyReads<T> : IDisposable
{
    private readonly Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyDictionary<string, T>>> _readAll;
    private readonly T _missing;
    private readonly int _maxKeys;
    private readonly BatchQueue<PendingRead> _queue;

    /// <param name="readAll">Reads the values of distinct keys; a key it leaves out has none.</param>
    /// <param name="missing">The answer for a key <paramref name="readAll"/> leaves out.</param>
    /// <param name="maxKeys">Most distinct keys in one query.</param>
    public BatchedKeyReads(Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyDictionary<string, T>>> readAll,
        T missing, int maxKeys)
    {
        _readAll = readAll;
        _missing = missing;
        _maxKeys = Math.Max(1, maxKeys);
        _queue = new BatchQueue<PendingRead>("batched read", Take, AnswerAsync, parallelism: 1);
    }

    /// <summary>The key's value, or the query's failure, shared by every read in the same query.</summary>
    public Task<T> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var pending = new PendingRead(key, cancellationToken);
        return _queue.Enqueue(pending) is { } refused ? Task.FromException<T>(refused) : pending.Done.Task;
    }

    /// <summary>Reads up to the most distinct keys, and every further read of a key already among them.</summary>
    private void Take(Queue<PendingRead> queue, List<PendingRead> batch)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (queue.TryPeek(out var next) && (keys.Count < _maxKeys || keys.Contains(next.Key)))
        {
            batch.Add(queue.Dequeue());
            keys.Add(next.Key);
        }
    }

    /// <summary>One query for the batch's distinct keys answers every read in it.</summary>
    private async Task AnswerAsync(IReadOnlyList<PendingRead> reads, CancellationToken cancellationToken)
    {
        var values = await _readAll(reads.Select(read => read.Key).Distinct(StringComparer.Ordinal).ToList(),
            cancellationToken);
        foreach (var pending in reads)
            pending.Done.TrySetResult(values.TryGetValue(pending.Key, out var value) ? value : _missing);
    }

    /// <summary>Cancels the query in flight and the reads still waiting.</summary>
    public void Dispose() => _queue.Dispose();

    private sealed class PendingRead(string key, CancellationToken cancellationToken) : QueuedWork(cancellationToken)
    {
        public string Key { get; } = key;

        // Completed on the reading loop; what runs on it is the plugins' recovery bookkeeping, which sends messages.
        public TaskCompletionSource<T> Done { get; } = new();

        public override void Cancel(CancellationToken token) => Done.TrySetCanceled(token);

        public override void Fail(Exception failure) => Done.TrySetException(failure);
    }
}
