using System.Collections.Concurrent;
using SignalingAkka.Actors.Common;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Tests;

public sealed record PushedEvent(string ConnectionId, string Method, object Payload);

/// <summary>An <see cref="IClientPusher"/> that records, in call order, what reached it.</summary>
public sealed class RecordingPusher : IClientPusher
{
    private readonly ConcurrentQueue<PushedEvent> _pushes = new();
    private readonly ConcurrentQueue<string> _aborts = new();

    public IReadOnlyList<PushedEvent> Pushes => _pushes.ToArray();

    public IReadOnlyList<string> Aborts => _aborts.ToArray();

    public void Push(string connectionId, string method, IServerEvent payload) =>
        _pushes.Enqueue(new PushedEvent(connectionId, method, payload));

    public void Abort(string connectionId) => _aborts.Enqueue(connectionId);
}
