namespace SignalingAkka.Client;

/// <summary>
/// An automatic rejoin found the client no longer in <paramref name="SessionId"/>: <paramref name="Code"/>
/// is the server's refusal, <c>SESSION_ENDED</c>, <c>NOT_IN_SESSION</c> (e.g. removed after the grace
/// period) or <c>SESSION_NOT_FOUND</c>. The client has stopped tracking the session.
/// </summary>
public sealed record SessionLostEvent(string SessionId, string Code);
