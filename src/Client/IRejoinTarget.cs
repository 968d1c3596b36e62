using SignalingAkka.Protocol;

namespace SignalingAkka.Client;

/// <summary>What <see cref="SessionResumer"/> drives: the connection it rejoins over and the application it tells.</summary>
internal interface IRejoinTarget
{
    /// <summary>False while SignalR reconnects or after it closed: a rejoin pass then stops, the next reconnect starts over.</summary>
    bool IsConnected { get; }

    /// <summary>The signed <c>RejoinSession</c> call; throws <see cref="SignalingException"/> on a refusal.</summary>
    Task<SessionInfo> RejoinAsync(string sessionId, long? lastSeq, CancellationToken ct);

    Task OnSessionRejoinedAsync(SessionInfo session);

    Task OnSessionLostAsync(SessionLostEvent lost);
}
