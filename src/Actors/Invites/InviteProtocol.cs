using System.Collections.Immutable;
using SignalingAkka.Actors.Common;

namespace SignalingAkka.Actors.Invites;

/// <summary>A message about this canonical code (AVNE-XXXX-XXXX), for the invite bucket that holds it.</summary>
public interface IInviteMessage : ISignalingMessage
{
    string Code { get; }
}

/// <summary>
/// Codes are kept in a fixed number of long-lived buckets (entities), so claiming a code starts and
/// recovers no entity of its own. The count and the hash decide where every code's history is: they
/// must never change for a running deployment.
/// </summary>
public static class InviteBuckets
{
    public const int Count = 128;

    /// <summary>The bucket's entity id: FNV-1a of the code, which unlike string hashing is the same in every process.</summary>
    public static string Of(string code)
    {
        var hash = 2166136261u;
        foreach (var c in code) hash = (hash ^ c) * 16777619u;
        return "b" + (hash % Count);
    }
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
    public sealed record Claimed(string Code, string SessionId, DateTimeOffset ExpiresAt) : ISignalingMessage;

    public sealed record Released(string Code, string SessionId) : ISignalingMessage;
}

/// <summary>Which session holds a code, and until when; persisted only inside <see cref="InviteClaims"/>.</summary>
public sealed record InviteState(string SessionId, DateTimeOffset ExpiresAt)
{
    public bool IsLive(DateTimeOffset now) => now < ExpiresAt;
}

/// <summary>A bucket's claims by code, as saved in its snapshot.</summary>
public sealed record InviteClaims(ImmutableDictionary<string, InviteState> Claims) : ISignalingMessage;
