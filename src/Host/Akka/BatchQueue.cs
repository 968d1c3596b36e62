namespace SignalingAkka.Host.Akka;

/// <summary>One piece of work waiting in a <see cref="BatchQueue{TWork}"/>, which fails or cancels it when it cannot run.</summary>
public abstract class QueuedWork(CancellationToken cancellationToken)
{
    /// <summary>The caller's token: work given up before its batch starts is not done.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    public abstract void Cancel(CancellationToken token);

    public abstract void Fail(Exception failure);
}

/// <summary>
/// Runs queued work in batches off the caller's thread: work that arrives while <c>parallelism</c> batches are in
/// flight waits, and goes together into the next batch; work that arrives when fewer run starts one at once.
/// Work given up before its batch starts is cancelled and left out; once a batch runs, only stopping cancels it,
/// and its failure fails all of its work.
/// </summary>
public sealed class BatchQueue<TWork> : IDisposable where TWork : QueuedWork
{
    private readonly string _name;
    private readonly Action<Queue<TWork>, List<TWork>> _take;
    private readonly Func<IReadOnlyList<TWork>, CancellationToken, Task> _run;
    private readonly int _parallelism;
    private readonly int _bufferSize;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Queue<TWork> _queue = new();
    private readonly object _gate = new();
    private int _batchesInFlight;
    private bool _stopped;

    /// <param name="name">What the queue serves, for the messages of refused work.</param>
    /// <param name="take">Moves the next batch's work from the front of the queue (under the queue's lock).</param>
    /// <param name="run">Does a batch's work and completes each piece; a failure it throws fails them all.</param>
    /// <param name="parallelism">Most batches in flight at once.</param>
    /// <param name="bufferSize">Most pieces of work waiting; beyond that, work is refused.</param>
    public BatchQueue(string name, Action<Queue<TWork>, List<TWork>> take,
        Func<IReadOnlyList<TWork>, CancellationToken, Task> run, int parallelism, int bufferSize = int.MaxValue)
    {
        _name = name;
        _take = take;
        _run = run;
        _parallelism = Math.Max(1, parallelism);
        _bufferSize = Math.Max(1, bufferSize);
    }

    /// <summary>Queues the work; null when it is queued, else why it was refused (stopped, or the buffer is full).</summary>
    public Exception? Enqueue(TWork work)
    {
        lock (_gate)
        {
            if (_stopped) return new ObjectDisposedException(_name, $"The {_name} has stopped.");
            if (_queue.Count >= _bufferSize)
                return new InvalidOperationException($"The {_name} is full: {_bufferSize} pieces of work are waiting.");
            _queue.Enqueue(work);
            if (_batchesInFlight >= _parallelism) return null;
            _batchesInFlight++;
        }

        // Off the caller's thread (a persistence plugin's actor): the batch is built and sent on the pool.
        _ = Task.Run(RunQueuedAsync, CancellationToken.None);
        return null;
    }

    private async Task RunQueuedAsync()
    {
        var batch = new List<TWork>();
        while (true)
        {
            batch.Clear();
            lock (_gate)
            {
                _take(_queue, batch);
                if (batch.Count == 0)
                {
                    _batchesInFlight--;
                    return;
                }
            }

            await RunBatchAsync(batch);
        }
    }

    private async Task RunBatchAsync(List<TWork> batch)
    {
        var live = new List<TWork>(batch.Count);
        foreach (var work in batch)
        {
            if (work.CancellationToken.IsCancellationRequested)
                work.Cancel(work.CancellationToken);
            else
                live.Add(work);
        }

        if (live.Count == 0) return;
        try
        {
            await _run(live, _stopping.Token);
        }
        catch (Exception e)
        {
            foreach (var work in live) work.Fail(e);
        }
    }

    /// <summary>Cancels the batches in flight and the work still waiting; later work is refused.</summary>
    public void Dispose()
    {
        TWork[] left;
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            left = _queue.ToArray();
            _queue.Clear();
        }

        // Outside the lock: cancelling runs Npgsql's callbacks, and cancelling work runs its callers'.
        _stopping.Cancel();
        foreach (var work in left) work.Cancel(_stopping.Token);
    }
}
