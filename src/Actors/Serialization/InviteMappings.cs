using System.Collections.Immutable;
using SignalingAkka.Actors.Invites;

namespace SignalingAkka.Actors.Serialization;

/// <summary>Invite commands, replies, persisted events and snapshot.</summary>
internal static class InviteMappings
{
    public static IEnumerable<MessageMapping> All =>
    [
        MessageMapping.Of("icc", Proto.ClaimInvite.Parser, ToProto, FromProto),
        MessageMapping.Of("icr", Proto.ResolveInvite.Parser, ToProto, FromProto),
        MessageMapping.Of("icl", Proto.ReleaseInvite.Parser, ToProto, FromProto),
        MessageMapping.Of("irc", Proto.InviteClaimResult.Parser, ToProto, FromProto),
        MessageMapping.Of("irr", Proto.InviteResolution.Parser, ToProto, FromProto),
        MessageMapping.Of("iec", Proto.InviteClaimed.Parser, ToProto, FromProto),
        MessageMapping.Of("ier", Proto.InviteReleased.Parser, ToProto, FromProto),
        MessageMapping.Of("icls", Proto.InviteClaims.Parser, ToProto, FromProto),
    ];

    private static Proto.ClaimInvite ToProto(InviteCommands.Claim m) =>
        new() { Code = m.Code, SessionId = m.SessionId, ExpiresAt = m.ExpiresAt.ToProto() };

    private static InviteCommands.Claim FromProto(Proto.ClaimInvite p) => new(p.Code, p.SessionId, p.ExpiresAt.ToDomain());

    private static Proto.ResolveInvite ToProto(InviteCommands.Resolve m) => new() { Code = m.Code };

    private static InviteCommands.Resolve FromProto(Proto.ResolveInvite p) => new(p.Code);

    private static Proto.ReleaseInvite ToProto(InviteCommands.Release m) => new() { Code = m.Code, SessionId = m.SessionId };

    private static InviteCommands.Release FromProto(Proto.ReleaseInvite p) => new(p.Code, p.SessionId);

    private static Proto.InviteClaimResult ToProto(InviteReplies.ClaimResult m) =>
        new() { Code = m.Code, Accepted = m.Accepted };

    private static InviteReplies.ClaimResult FromProto(Proto.InviteClaimResult p) => new(p.Code, p.Accepted);

    private static Proto.InviteResolution ToProto(InviteReplies.Resolution m)
    {
        var proto = new Proto.InviteResolution { Code = m.Code };
        if (m.SessionId is not null) proto.SessionId = m.SessionId;
        return proto;
    }

    private static InviteReplies.Resolution FromProto(Proto.InviteResolution p) =>
        new(p.Code, p.HasSessionId ? p.SessionId : null);

    private static Proto.InviteClaimed ToProto(InviteEvents.Claimed m) =>
        new() { Code = m.Code, SessionId = m.SessionId, ExpiresAt = m.ExpiresAt.ToProto() };

    private static InviteEvents.Claimed FromProto(Proto.InviteClaimed p) => new(p.Code, p.SessionId, p.ExpiresAt.ToDomain());

    private static Proto.InviteReleased ToProto(InviteEvents.Released m) => new() { Code = m.Code, SessionId = m.SessionId };

    private static InviteEvents.Released FromProto(Proto.InviteReleased p) => new(p.Code, p.SessionId);

    private static Proto.InviteState ToProto(InviteState m) =>
        new() { SessionId = m.SessionId, ExpiresAt = m.ExpiresAt.ToProto() };

    private static InviteState FromProto(Proto.InviteState p) => new(p.SessionId, p.ExpiresAt.ToDomain());

    private static Proto.InviteClaims ToProto(InviteClaims m)
    {
        var proto = new Proto.InviteClaims();
        foreach (var (code, state) in m.Claims) proto.Claims.Add(code, ToProto(state));
        return proto;
    }

    private static InviteClaims FromProto(Proto.InviteClaims p) =>
        new(p.Claims.ToImmutableDictionary(c => c.Key, c => FromProto(c.Value)));
}
