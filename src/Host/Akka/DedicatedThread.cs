using System.Collections.Concurrent;

namespace SignalingAkka.Host.Akka;

/// <summary>
/// Runs work on one thread of its own, one piece after another. It is for synchronous I/O that must not hold a
/// thread-pool thread: Microsoft.Data.Sqlite runs every statement synchronously, its async methods included, and a
/// daemon pinned to one CPU starts with a pool of one thread, on which every socket read and every actor waits.
/// </summary>
public sealed class DedicatedThread : IDisposable
{
    private readonly string _name;
    private readonly BlockingCollection<Action> _work = new();

    public DedicatedThread(string name)
    {
        _name = name;
        new Thread(RunAll) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>
    /// Completes when the work has run on this thread, with its failure if it threw; what awaits it continues on
    /// the pool, never on this thread.
    /// </summary>
    public Task RunAsync(Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _work.Add(() => Run(work, done));
        }
        catch (InvalidOperationException)
        {
            done.SetException(new ObjectDisposedException(_name, $"The {_name} thread has stopped."));
        }

        return done.Task;
    }

    private static void Run(Action work, TaskCompletionSource done)
    {
        try
        {
            work();
            done.SetResult();
        }
        catch (Exception e)
        {
            done.SetException(e);
        }
    }

    private void RunAll()
    {
        foreach (var work in _work.GetConsumingEnumerable()) work();
    }

    /// <summary>Runs what is already queued, then the thread ends; later work fails.</summary>
    public void Dispose() => _work.CompleteAdding();
}
