using SignalingAkka.Host.Akka;

namespace SignalingAkka.Host.Tests.Akka;

public sealed class DedicatedThreadTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Work_runs_in_order_on_one_thread_that_is_not_the_pools()
    {
        using var thread = new DedicatedThread("test worker");
        var ran = new List<(int Order, int ThreadId, bool PoolThread, string? Name)>();
        var runs = Enumerable.Range(0, 20).Select(i => thread.RunAsync(() =>
            ran.Add((i, Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name))));
        await Task.WhenAll(runs).WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(0, 20), ran.Select(r => r.Order));
        Assert.Single(ran.Select(r => r.ThreadId).Distinct());
        Assert.All(ran, r => Assert.False(r.PoolThread));
        Assert.All(ran, r => Assert.Equal("test worker", r.Name));
        Assert.NotEqual(Environment.CurrentManagedThreadId, ran[0].ThreadId);
    }

    [Fact]
    public async Task What_waits_for_the_work_goes_on_elsewhere_never_on_the_thread()
    {
        using var thread = new DedicatedThread("test worker");
        var worker = 0;
        // Even a continuation that asks to run synchronously: on the worker it would hold up the next piece.
        var continuedOn = await thread.RunAsync(() => worker = Environment.CurrentManagedThreadId)
            .ContinueWith(_ => Environment.CurrentManagedThreadId, TaskContinuationOptions.ExecuteSynchronously)
            .WaitAsync(Timeout);

        Assert.NotEqual(0, worker);
        Assert.NotEqual(worker, continuedOn);
        Assert.NotEqual(worker, Environment.CurrentManagedThreadId);
    }

    [Fact]
    public async Task A_failure_fails_its_own_task_and_the_thread_goes_on()
    {
        using var thread = new DedicatedThread("test worker");
        var failed = thread.RunAsync(() => throw new InvalidOperationException("broken"));
        var next = thread.RunAsync(() => { });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => failed.WaitAsync(Timeout));
        Assert.Equal("broken", e.Message);
        await next.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Stopping_runs_what_is_queued_and_refuses_later_work()
    {
        var thread = new DedicatedThread("test worker");
        var gate = new ManualResetEventSlim();
        var ran = 0;
        var held = thread.RunAsync(() => gate.Wait(Timeout));
        var queued = thread.RunAsync(() => ran++);
        thread.Dispose();
        var refused = thread.RunAsync(() => ran += 10);

        gate.Set();
        await Task.WhenAll(held, queued).WaitAsync(Timeout);
        var e = await Assert.ThrowsAsync<ObjectDisposedException>(() => refused.WaitAsync(Timeout));
        Assert.Contains("test worker", e.Message);
        Assert.Equal(1, ran);
    }
}
