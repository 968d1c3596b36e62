using System.Collections.Immutable;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Tests.Sessions;

/// <summary>The election rule alone: highest connected score, 10% hysteresis, ties keep the hub, then earliest joined.</summary>
public sealed class HubElectionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1000, 1100, false)] // exactly 10% better: not enough
    [InlineData(1000, 1101, true)]
    [InlineData(1000, 1000, false)] // a tie keeps the hub
    [InlineData(0, 1, true)]
    public void A_connected_hub_is_replaced_only_by_more_than_ten_percent(int hubScore, int challengerScore, bool replaced)
    {
        var state = Session(("hub", hubScore), ("challenger", challengerScore));

        var winner = HubElection.Challenger(state, _ => true, 0.10);

        Assert.Equal(replaced ? "challenger" : null, winner?.Fingerprint);
    }

    [Fact]
    public void The_hysteresis_is_configurable()
    {
        var state = Session(("hub", 1000), ("challenger", 1040));
        Assert.Null(HubElection.Challenger(state, _ => true, 0.05));
        Assert.Equal("challenger", HubElection.Challenger(state, _ => true, 0.03)?.Fingerprint);
    }

    [Fact]
    public void Among_equal_challengers_the_earliest_joined_wins()
    {
        var state = Session(("hub", 100), ("second", 500), ("third", 500));
        Assert.Equal("second", HubElection.Challenger(state, _ => true, 0.10)?.Fingerprint);
    }

    [Fact]
    public void A_disconnected_hub_is_replaced_by_the_strongest_connected_even_if_weaker()
    {
        var state = Session(("hub", 5000), ("weak", 10), ("weaker", 5));
        Assert.Equal("weak", HubElection.Challenger(state, fp => fp != "hub", 0.10)?.Fingerprint);
    }

    [Fact]
    public void Disconnected_participants_are_not_candidates_and_nobody_connected_keeps_the_hub()
    {
        var state = Session(("hub", 100), ("strong but gone", 9000));
        Assert.Null(HubElection.Challenger(state, fp => fp == "hub", 0.10));
        Assert.Null(HubElection.Challenger(state, _ => false, 0.10));
    }

    private static SessionState Session(params (string Fingerprint, int Score)[] participants)
    {
        var list = participants.Select((p, i) => new ParticipantState(p.Fingerprint, p.Fingerprint,
            i == 0 ? ParticipantRole.HOST : ParticipantRole.GUEST, p.Score, Start.AddSeconds(i))).ToImmutableList();
        return new SessionState("s", "AVNE-2345-6789", participants[0].Fingerprint, participants[0].Fingerprint,
            SessionType.CALL, Topology.Star, Tier.PRO, null, Start, Start.AddHours(24), SessionPhase.Active, null, list,
            ImmutableDictionary<string, long>.Empty, ImmutableDictionary<string, ImmutableList<HeldMessage>>.Empty, 0, null);
    }
}
