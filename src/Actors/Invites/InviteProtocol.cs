using SignalingAkka.Actors.Common;

namespace SignalingAkka.Actors.Invites;

/// <summary>A message for the invite entity of this canonical code (AVNE-XXXX-XXXX).</summary>
public interface IInviteMessage : ISignalingMessage
{
    string Code { get; }
}

public static class InviteCommands
{
    /// <summary>Reserves the code for a session until it is released or expires. Replies <see cref="InviteReplies.ClaimResult"/>.</summary>
    public sealed record Claim(string Code, string SessionId, DateTimeOffset ExpiresAt) : IInviteMessage;

    /// <summary>Replies <see cref="InviteReplies.Resolution"/>.</summary>
    public sealed record Resolve(string Code) : IInviteMessage;

    /// <summary>The session ended: the code stops resolving. Replies <see cref="SignalingAkka.Protocol.EmptyResult"/>.</summary>
    public sealed record Release(string Code, string SessionId) : IInviteMessage;
}

public static class InviteReplies
{
    public sealed record ClaimResult(string Code, bool Accepted) : ISignalingMessage;

    /// <summary>SessionId is null when the code belongs to no live session.</summary>
    public sealed record Resolution(string Code, string? SessionId) : ISignalingMessage;
}

public static class InviteEvents
{
    public sealed record Claimed(string SessionId, DateTimeOffset ExpiresAt) : ISignalingMessage;

    public sealed record Released(string SessionId) : ISignalingMessage;
}

/// <summary>Which session holds a code, and until when.</summary>
public sealed record InviteState(string SessionId, DateTimeOffset ExpiresAt) : ISignalingMessage
{
    public bool IsLive(DateTimeOffset now) => now < ExpiresAt;

    public static InviteState? Apply(InviteState? state, object @event) => @event switch
    {
        InviteEvents.Claimed e => new InviteState(e.SessionId, e.ExpiresAt),
        InviteEvents.Released e when state?.SessionId == e.SessionId => null,
        _ => state,
    };
}
