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
    private readonly CancellationTokenSource _stopping = new();
    private readonly Queue<PendingRead> _queue = new();
    private readonly object _gate = new();
    private bool _reading;
    private bool _stopped;

    /// <param name="readAll">Reads the values of distinct keys; a key it leaves out has none.</param>
    /// <param name="missing">The answer for a key <paramref name="readAll"/> leaves out.</param>
    /// <param name="maxKeys">Most distinct keys in one query.</param>
    public BatchedKeyReads(Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyDictionary<string, T>>> readAll,
        T missing, int maxKeys)
    {
        _readAll = readAll;
        _missing = missing;
        _maxKeys = Math.Max(1, maxKeys);
    }

    /// <summary>The key's value, or the query's failure, shared by every read in the same query.</summary>
    public Task<T> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var pending = new PendingRead(key, cancellationToken);
        lock (_gate)
        {
            if (_stopped) return Task.FromException<T>(new ObjectDisposedException(nameof(BatchedKeyReads<T>)));
            _queue.Enqueue(pending);
            if (_reading) return pending.Done.Task;
            _reading = true;
        }

        // Off the caller's thread (a persistence plugin's actor): the query is built and sent on the pool.
        _ = Task.Run(ReadQueuedAsync, CancellationToken.None);
        return pending.Done.Task;
    }

    private async Task ReadQueuedAsync()
    {
        var batch = new List<PendingRead>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            batch.Clear();
            keys.Clear();
            lock (_gate)
            {
                while (_queue.TryPeek(out var next) && (keys.Count < _maxKeys || keys.Contains(next.Key)))
                {
                    batch.Add(_queue.Dequeue());
                    keys.Add(next.Key);
                }

                if (batch.Count == 0)
                {
                    _reading = false;
                    return;
                }
            }

            await ReadBatchAsync(batch);
        }
    }

    private async Task ReadBatchAsync(List<PendingRead> batch)
    {
        // A read whose caller gave up before its turn is not asked for; once the query is under way every read in
        // it shares its fate, and only stopping cancels it.
        var reads = new List<PendingRead>(batch.Count);
        foreach (var pending in batch)
        {
            if (pending.CancellationToken.IsCancellationRequested)
                pending.Done.TrySetCanceled(pending.CancellationToken);
            else
                reads.Add(pending);
        }

        if (reads.Count == 0) return;
        IReadOnlyDictionary<string, T> values;
        try
        {
            values = await _readAll(reads.Select(read => read.Key).Distinct(StringComparer.Ordinal).ToList(),
                _stopping.Token);
        }
        catch (Exception e)
        {
            foreach (var pending in reads) pending.Done.TrySetException(e);
            return;
        }

        foreach (var pending in reads)
            pending.Done.TrySetResult(values.TryGetValue(pending.Key, out var value) ? value : _missing);
    }

    /// <summary>Cancels the query in flight and fails the reads still waiting.</summary>
    public void Dispose()
    {
        PendingRead[] left;
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            left = _queue.ToArray();
            _queue.Clear();
        }

        // Outside the lock: cancelling runs Npgsql's callbacks, and failing a read runs its caller's.
        _stopping.Cancel();
        foreach (var pending in left) pending.Done.TrySetCanceled(_stopping.Token);
    }

    private sealed class PendingRead(string key, CancellationToken cancellationToken)
    {
        public string Key { get; } = key;
        public CancellationToken CancellationToken { get; } = cancellationToken;

        // Completed on the reading loop; what runs on it is the plugins' recovery bookkeeping, which sends messages.
        public TaskCompletionSource<T> Done { get; } = new();
    }
}
