using System.Collections.Immutable;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Tests.Sessions;

/// <summary>Applying events to the session state, alone.</summary>
public sealed class SessionStateTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_queued_message_replayed_onto_a_snapshot_that_holds_it_is_kept_once()
    {
        var message = new HeldMessage(7, SignalKind.IceCandidate, "a", "candidate:7", "0", 0, Start);
        var queued = new SessionEvents.MessageQueued("b", message);
        var state = SessionState.Apply(Session(), "s", queued);

        var replayed = SessionState.Apply(state, "s", queued);

        Assert.Equal([7L], replayed!.QueueOf("b").Select(m => m.Seq));
        var next = SessionState.Apply(replayed, "s", queued with { Message = message with { Seq = 8 } });
        Assert.Equal([7L, 8L], next!.QueueOf("b").Select(m => m.Seq));
    }

    private static SessionState Session() => new("s", "AVNE-2345-6789", "a", "a", SessionType.CALL, Topology.Star,
        Tier.PRO, null, Start, Start.AddHours(24), SessionPhase.Active, null, [],
        ImmutableDictionary<string, long>.Empty, ImmutableDictionary<string, ImmutableList<HeldMessage>>.Empty, 0, null);
}
