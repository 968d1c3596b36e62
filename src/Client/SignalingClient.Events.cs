using Microsoft.AspNetCore.SignalR.Client;
using SignalingAkka.Protocol;

namespace SignalingAkka.Client;

// Server events as C# events. Handlers are async and run one after another in subscription order;
// SignalR awaits them in its receive loop, so a slow handler delays the events behind it.
public sealed partial class SignalingClient
{
    public event Func<PeerJoinedEvent, Task>? PeerJoined;
    public event Func<PeerLeftEvent, Task>? PeerLeft;
    public event Func<PeerConnectionChangedEvent, Task>? PeerConnectionChanged;
    public event Func<HubChangedEvent, Task>? HubChanged;
    public event Func<SdpEvent, Task>? SdpOfferReceived;
    public event Func<SdpEvent, Task>? SdpAnswerReceived;
    public event Func<IceCandidateEvent, Task>? IceCandidateReceived;
    public event Func<SessionEndedEvent, Task>? SessionEnded;
    public event Func<PairRequestedEvent, Task>? PairRequested;
    public event Func<PairEstablishedEvent, Task>? PairEstablished;
    public event Func<PairRequestClosedEvent, Task>? PairRejected;
    public event Func<PairRequestClosedEvent, Task>? PairExpired;

    /// <summary>
    /// An automatic rejoin after a reconnect restored the session. The server sent the missed messages
    /// before its result, but SignalR runs event handlers on a queue of their own, so some of them may
    /// be raised just after this: in seq order, each once, all the same.
    /// </summary>
    public event Func<SessionInfo, Task>? SessionRejoined;

    /// <summary>An automatic rejoin found the session gone; it is no longer tracked or rejoined.</summary>
    public event Func<SessionLostEvent, Task>? SessionLost;

    /// <summary>The connection dropped and automatic reconnect is trying again; calls throw meanwhile.</summary>
    public event Func<Exception?, Task>? Reconnecting;

    /// <summary>
    /// Reconnected with a new connection id. With <see cref="SignalingClientOptions.AutoRejoin"/> the rejoin
    /// of every session has started, in the background, before these handlers run, and is not awaited:
    /// it runs alongside them, and each session's outcome comes as <see cref="SessionRejoined"/> or
    /// <see cref="SessionLost"/> (wait for <see cref="SessionRejoined"/> before relaying in that session).
    /// Without it, sessions need <see cref="RejoinSessionAsync"/> with <see cref="LastSeq"/> to be restored.
    /// </summary>
    public event Func<string?, Task>? Reconnected;

    /// <summary>The connection is closed for good (stopped, or reconnecting gave up); rejoining stops.</summary>
    public event Func<Exception?, Task>? Closed;

    private void SubscribeToConnectionEvents()
    {
        _connection.Reconnecting += e => RaiseAsync(Reconnecting, e);
        _connection.Reconnected += OnReconnectedAsync;
        _connection.Closed += OnClosedAsync;
    }

    private Task OnReconnectedAsync(string? connectionId)
    {
        // Started, not awaited: a slow or retried rejoin must not hold back the app's handlers, and the
        // pass never fails. A later reconnect cancels this pass and starts over.
        if (_options.AutoRejoin)
            _ = _resumer.RejoinAllAsync();
        return RaiseAsync(Reconnected, connectionId);
    }

    private Task OnClosedAsync(Exception? exception)
    {
        _resumer.CancelRejoins();
        return RaiseAsync(Closed, exception);
    }

    private void SubscribeToServerEvents()
    {
        _connection.On<PeerJoinedEvent>(HubEvents.PeerJoined, e => RaiseAsync(PeerJoined, e));
        _connection.On<PeerLeftEvent>(HubEvents.PeerLeft, e =>
        {
            _resumer.OnPeerLeft(e);
            return RaiseAsync(PeerLeft, e);
        });
        _connection.On<PeerConnectionChangedEvent>(HubEvents.PeerConnectionChanged, e => RaiseAsync(PeerConnectionChanged, e));
        _connection.On<HubChangedEvent>(HubEvents.HubChanged, e => RaiseAsync(HubChanged, e));
        // The seq is recorded before any handler runs, so a handler that fails or reconnects still
        // leaves the message counted as received. One at or below it is a duplicate a rejoin replayed.
        _connection.On<SdpEvent>(HubEvents.SdpOffer, e => RaiseNewAsync(SdpOfferReceived, e, e.SessionId, e.Seq));
        _connection.On<SdpEvent>(HubEvents.SdpAnswer, e => RaiseNewAsync(SdpAnswerReceived, e, e.SessionId, e.Seq));
        _connection.On<IceCandidateEvent>(HubEvents.IceCandidate, e => RaiseNewAsync(IceCandidateReceived, e, e.SessionId, e.Seq));
        _connection.On<SessionEndedEvent>(HubEvents.SessionEnded, e =>
        {
            _resumer.OnSessionEnded(e.SessionId);
            return RaiseAsync(SessionEnded, e);
        });
        _connection.On<PairRequestedEvent>(HubEvents.PairRequested, e => RaiseAsync(PairRequested, e));
        _connection.On<PairEstablishedEvent>(HubEvents.PairEstablished, e => RaiseAsync(PairEstablished, e));
        _connection.On<PairRequestClosedEvent>(HubEvents.PairRejected, e => RaiseAsync(PairRejected, e));
        _connection.On<PairRequestClosedEvent>(HubEvents.PairExpired, e => RaiseAsync(PairExpired, e));
    }

    /// <summary>Raises a relayed message unless the application has already seen its seq.</summary>
    private Task RaiseNewAsync<TEvent>(Func<TEvent, Task>? handlers, TEvent payload, string sessionId, long seq) =>
        _resumer.TryDeliver(sessionId, seq) ? RaiseAsync(handlers, payload) : Task.CompletedTask;

    /// <summary>Awaits every handler in turn: invoking a multicast Func would await only the last one's task.</summary>
    private static async Task RaiseAsync<TEvent>(Func<TEvent, Task>? handlers, TEvent payload)
    {
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<TEvent, Task>>())
            await handler(payload).ConfigureAwait(false);
    }
}
