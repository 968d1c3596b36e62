using SignalingAkka.Host.Akka;

namespace SignalingAkka.Host.Tests.Akka;

public sealed class BatchedKeyReadsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_read_alone_is_sent_at_once_and_reads_arriving_meanwhile_share_the_next_query()
    {
        var store = new FakeStore(new Dictionary<string, long> { ["a"] = 3, ["b"] = 5, ["c"] = 7 });
        using var reads = new BatchedKeyReads<long>(store.ReadAllAsync, -1, 16);

        var first = reads.ReadAsync("a", CancellationToken.None);
        var held = await store.NextQueryAsync();
        Assert.Equal(["a"], held.Keys);

        var waiting = new[] { "b", "c", "b", "unknown", "a" }.Select(key => reads.ReadAsync(key, CancellationToken.None)).ToList();
        Assert.All(waiting, read => Assert.False(read.IsCompleted));
        held.Release();
        Assert.Equal(3, await first.WaitAsync(Timeout));

        var next = await store.NextQueryAsync();
        Assert.Equal(["b", "c", "unknown", "a"], next.Keys);
        next.Release();
        var answers = await Task.WhenAll(waiting).WaitAsync(Timeout);
        Assert.Equal([5L, 7, 5, -1, 3], answers);
        Assert.Equal(2, store.Queries);
    }

    [Fact]
    public async Task A_query_takes_at_most_the_given_number_of_keys_and_a_key_already_in_it_rides_along()
    {
        var store = new FakeStore(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2, ["c"] = 3 });
        using var reads = new BatchedKeyReads<long>(store.ReadAllAsync, 0, 2);

        var first = reads.ReadAsync("z", CancellationToken.None);
        var held = await store.NextQueryAsync();
        var waiting = new[] { "a", "b", "a", "c" }.Select(key => reads.ReadAsync(key, CancellationToken.None)).ToList();
        held.Release();
        await first.WaitAsync(Timeout);

        var second = await store.NextQueryAsync();
        Assert.Equal(["a", "b"], second.Keys);
        second.Release();
        var third = await store.NextQueryAsync();
        Assert.Equal(["c"], third.Keys);
        third.Release();
        var answers = await Task.WhenAll(waiting).WaitAsync(Timeout);
        Assert.Equal([1L, 2, 1, 3], answers);
    }

    [Fact]
    public async Task A_failed_query_fails_only_its_own_reads()
    {
        var store = new FakeStore(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 });
        using var reads = new BatchedKeyReads<long>(store.ReadAllAsync, 0, 16);

        var first = reads.ReadAsync("a", CancellationToken.None);
        var held = await store.NextQueryAsync();
        var next = reads.ReadAsync("b", CancellationToken.None);
        held.Fail(new InvalidOperationException("connection lost"));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => first.WaitAsync(Timeout));
        Assert.Equal("connection lost", failure.Message);
        (await store.NextQueryAsync()).Release();
        Assert.Equal(2, await next.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_read_given_up_before_its_turn_is_not_asked_for()
    {
        var store = new FakeStore(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 });
        using var reads = new BatchedKeyReads<long>(store.ReadAllAsync, 0, 16);

        var first = reads.ReadAsync("a", CancellationToken.None);
        var held = await store.NextQueryAsync();
        using var givenUp = new CancellationTokenSource();
        var cancelled = reads.ReadAsync("gone", givenUp.Token);
        var kept = reads.ReadAsync("b", CancellationToken.None);
        givenUp.Cancel();
        held.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        var next = await store.NextQueryAsync();
        Assert.Equal(["b"], next.Keys);
        next.Release();
        Assert.Equal(1, await first.WaitAsync(Timeout));
        Assert.Equal(2, await kept.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Disposing_cancels_the_query_in_flight_and_fails_the_reads_waiting_and_any_later_read()
    {
        var store = new FakeStore(new Dictionary<string, long>());
        var reads = new BatchedKeyReads<long>(store.ReadAllAsync, 0, 16);

        var inFlight = reads.ReadAsync("a", CancellationToken.None);
        var held = await store.NextQueryAsync();
        var waiting = reads.ReadAsync("b", CancellationToken.None);
        reads.Dispose();

        Assert.True(held.Cancellation.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Timeout));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight.WaitAsync(Timeout));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => reads.ReadAsync("c", CancellationToken.None));
        Assert.Equal(1, store.Queries);
    }

    /// <summary>Holds every query until the test releases or fails it, and answers from a fixed table.</summary>
    private sealed class FakeStore(IReadOnlyDictionary<string, long> values)
    {
        private readonly System.Threading.Channels.Channel<HeldQuery> _queries =
            System.Threading.Channels.Channel.CreateUnbounded<HeldQuery>();
        private int _count;

        public int Queries => Volatile.Read(ref _count);

        public async Task<IReadOnlyDictionary<string, long>> ReadAllAsync(IReadOnlyList<string> keys, CancellationToken ct)
        {
            Interlocked.Increment(ref _count);
            var held = new HeldQuery(keys, ct);
            await _queries.Writer.WriteAsync(held, CancellationToken.None);
            await held.Outcome.Task.WaitAsync(ct);
            return keys.Where(values.ContainsKey).ToDictionary(key => key, key => values[key]);
        }

        public async Task<HeldQuery> NextQueryAsync() => await _queries.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
    }

    private sealed class HeldQuery(IReadOnlyList<string> keys, CancellationToken cancellation)
    {
        public IReadOnlyList<string> Keys { get; } = keys;
        public CancellationToken Cancellation { get; } = cancellation;
        public TaskCompletionSource Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => Outcome.SetResult();

        public void Fail(Exception e) => Outcome.SetException(e);
    }
}
