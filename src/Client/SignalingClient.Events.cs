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

    /// <summary>The connection dropped and automatic reconnect is trying again.</summary>
    public event Func<Exception?, Task>? Reconnecting
    {
        add => _connection.Reconnecting += value;
        remove => _connection.Reconnecting -= value;
    }

    /// <summary>Reconnected with a new connection id; sessions need a rejoin to be restored.</summary>
    public event Func<string?, Task>? Reconnected
    {
        add => _connection.Reconnected += value;
        remove => _connection.Reconnected -= value;
    }

    /// <summary>The connection is closed for good (stopped, or reconnecting gave up).</summary>
    public event Func<Exception?, Task>? Closed
    {
        add => _connection.Closed += value;
        remove => _connection.Closed -= value;
    }

    private void SubscribeToServerEvents()
    {
        _connection.On<PeerJoinedEvent>(HubEvents.PeerJoined, e => RaiseAsync(PeerJoined, e));
        _connection.On<PeerLeftEvent>(HubEvents.PeerLeft, e => RaiseAsync(PeerLeft, e));
        _connection.On<PeerConnectionChangedEvent>(HubEvents.PeerConnectionChanged, e => RaiseAsync(PeerConnectionChanged, e));
        _connection.On<HubChangedEvent>(HubEvents.HubChanged, e => RaiseAsync(HubChanged, e));
        // The seq is recorded before any handler runs, so a handler that fails or reconnects
        // still leaves the message counted as received.
        _connection.On<SdpEvent>(HubEvents.SdpOffer, e =>
        {
            _seqs.Observe(e.SessionId, e.Seq);
            return RaiseAsync(SdpOfferReceived, e);
        });
        _connection.On<SdpEvent>(HubEvents.SdpAnswer, e =>
        {
            _seqs.Observe(e.SessionId, e.Seq);
            return RaiseAsync(SdpAnswerReceived, e);
        });
        _connection.On<IceCandidateEvent>(HubEvents.IceCandidate, e =>
        {
            _seqs.Observe(e.SessionId, e.Seq);
            return RaiseAsync(IceCandidateReceived, e);
        });
        _connection.On<SessionEndedEvent>(HubEvents.SessionEnded, e =>
        {
            _seqs.Forget(e.SessionId);
            return RaiseAsync(SessionEnded, e);
        });
        _connection.On<PairRequestedEvent>(HubEvents.PairRequested, e => RaiseAsync(PairRequested, e));
        _connection.On<PairEstablishedEvent>(HubEvents.PairEstablished, e => RaiseAsync(PairEstablished, e));
        _connection.On<PairRequestClosedEvent>(HubEvents.PairRejected, e => RaiseAsync(PairRejected, e));
        _connection.On<PairRequestClosedEvent>(HubEvents.PairExpired, e => RaiseAsync(PairExpired, e));
    }

    /// <summary>Awaits every handler in turn: invoking a multicast Func would await only the last one's task.</summary>
    private static async Task RaiseAsync<TEvent>(Func<TEvent, Task>? handlers, TEvent payload)
    {
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<TEvent, Task>>())
            await handler(payload).ConfigureAwait(false);
    }
}
