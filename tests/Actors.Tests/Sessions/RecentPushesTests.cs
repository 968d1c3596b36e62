using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Tests.Sessions;

public sealed class RecentPushesTests
{
    private static readonly DateTimeOffset At = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static HeldMessage Message(long seq, string body, SignalKind kind = SignalKind.IceCandidate) =>
        new(seq, kind, "from-" + seq, body, kind == SignalKind.IceCandidate ? "0" : null,
            kind == SignalKind.IceCandidate ? (int)(seq % 3) : null, At.AddSeconds(seq));

    [Fact]
    public void It_keeps_the_last_messages_up_to_its_capacity_oldest_first_and_unchanged()
    {
        var ring = new RecentPushes(4);
        var sent = Enumerable.Range(1, 10)
            .Select(i => Message(i, $"candidate {i} é✓ {new string('x', i * 300)}", i % 2 == 0 ? SignalKind.Offer : SignalKind.IceCandidate))
            .ToArray();

        ring.AddRange(sent[..3]);
        Assert.Equal(sent[..3], ring.ToArray());

        ring.AddRange(sent[3..]);
        Assert.Equal(4, ring.Count);
        Assert.Equal(sent[6..], ring.ToArray());
    }

    [Fact]
    public void A_slot_that_held_a_large_body_holds_a_smaller_one_exactly()
    {
        var ring = new RecentPushes(1);
        ring.Add(Message(1, new string('s', 60_000), SignalKind.Offer));
        ring.Add(Message(2, "candidate:1 1 udp"));
        ring.Add(Message(3, ""));

        Assert.Equal([Message(3, "")], ring.ToArray());
    }

    [Fact]
    public void With_no_capacity_it_keeps_nothing()
    {
        var ring = new RecentPushes(0);
        ring.Add(Message(1, "candidate"));

        Assert.Equal(0, ring.Count);
        Assert.Empty(ring.ToArray());
    }
}
