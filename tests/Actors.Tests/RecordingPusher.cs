using System.Collections.Concurrent;
using SignalingAkka.Actors.Common;

namespace SignalingAkka.Actors.Tests;

public sealed record PushedEvent(string ConnectionId, string Method, object Payload);

/// <summary>An <see cref="IClientPusher"/> that records what reached it and notices overlapping sends.</summary>
public sealed class RecordingPusher : IClientPusher
{
    private readonly ConcurrentQueue<PushedEvent> _pushes = new();
    private readonly ConcurrentQueue<string> _aborts = new();
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>Runs before a push is recorded; may await, or throw to make the push fail.</summary>
    public Func<PushedEvent, Task>? OnPush { get; set; }

    public IReadOnlyList<PushedEvent> Pushes => _pushes.ToArray();

    public IReadOnlyList<string> Aborts => _aborts.ToArray();

    /// <summary>The most pushes that were running at the same time.</summary>
    public int MaxConcurrentPushes => Volatile.Read(ref _maxInFlight);

    public async Task PushAsync(string connectionId, string method, object payload, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _inFlight);
        int seen;
        while (running > (seen = Volatile.Read(ref _maxInFlight)) &&
               Interlocked.CompareExchange(ref _maxInFlight, running, seen) != seen)
        {
        }

        try
        {
            var pushed = new PushedEvent(connectionId, method, payload);
            if (OnPush is { } hook) await hook(pushed);
            _pushes.Enqueue(pushed);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public void Abort(string connectionId) => _aborts.Enqueue(connectionId);
}
