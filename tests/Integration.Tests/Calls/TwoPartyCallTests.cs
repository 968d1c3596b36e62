using SignalingAkka.Client;
using SignalingAkka.Integration.Tests.Infrastructure;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.Calls;

public enum Storage { Sqlite, Postgres }

/// <summary>A whole two-party call through real Kestrel and real SignalR clients, on both storages and both hub protocols.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoPartyCallTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData(Storage.Sqlite, WireProtocol.Json)]
    [InlineData(Storage.Sqlite, WireProtocol.MessagePack)]
    [InlineData(Storage.Postgres, WireProtocol.Json)]
    [InlineData(Storage.Postgres, WireProtocol.MessagePack)]
    public async Task Two_devices_negotiate_a_call_and_leave(Storage storage, WireProtocol protocol)
    {
        var connectionString = storage == Storage.Postgres ? await postgres.CreateDatabaseAsync() : null;
        await using var daemon = await Daemon.StartAsync(_directory.Path, connectionString);
        var host = await daemon.ConnectDeviceAsync("host", protocol);
        var guest = await daemon.ConnectDeviceAsync("guest", protocol);

        var created = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
        Assert.Matches("^AVNE-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}$", created.InviteCode);
        Assert.Equal(("active", "PRO", 10, true, "star"),
            (created.State, created.Tier, created.MaxPeers!.Value, created.TurnAllowed, created.Topology));
        var hostEntry = Assert.Single(created.Participants);
        Assert.Equal((host.Fingerprint, "HOST", true), (hostEntry.Fingerprint, hostEntry.Role, hostEntry.Connected));

        var typedByHand = created.InviteCode.Replace("-", "").ToLowerInvariant();
        var joined = await guest.Client.JoinSessionAsync(typedByHand);
        Assert.Equal(created.SessionId, joined.SessionId);
        Assert.Equal([host.Fingerprint, guest.Fingerprint], joined.Participants.Select(p => p.Fingerprint));
        Assert.Equal("GUEST", joined.Participants[1].Role);
        var peerJoined = await host.NextAsync<PeerJoinedEvent>();
        Assert.Equal((guest.Fingerprint, "guest"), (peerJoined.Participant.Fingerprint, peerJoined.Participant.DeviceName));

        var sessionId = created.SessionId;
        Assert.Equal(new RelayResult(true, false), await host.Client.SendSdpOfferAsync(sessionId, guest.Fingerprint, "v=0 offer"));
        var offer = (await guest.NextAsync<ReceivedOffer>()).Event;
        Assert.Equal((sessionId, host.Fingerprint, 1L, "v=0 offer"), (offer.SessionId, offer.From, offer.Seq, offer.Sdp));

        await guest.Client.SendSdpAnswerAsync(sessionId, host.Fingerprint, "v=0 answer");
        var answer = (await host.NextAsync<ReceivedAnswer>()).Event;
        Assert.Equal((guest.Fingerprint, 1L, "v=0 answer"), (answer.From, answer.Seq, answer.Sdp));

        for (var i = 0; i < 3; i++)
            await host.Client.SendIceCandidateAsync(sessionId, guest.Fingerprint, $"candidate:{i} 1 udp 1 127.0.0.1 {5000 + i} typ host", "0", 0);
        await guest.Client.SendIceCandidateAsync(sessionId, host.Fingerprint, "candidate:9 1 udp 1 127.0.0.1 6000 typ host", "audio", 1);
        await guest.Client.SendIceCandidateAsync(sessionId, host.Fingerprint, "");

        for (var i = 0; i < 3; i++)
        {
            var candidate = await guest.NextAsync<IceCandidateEvent>();
            Assert.Equal((host.Fingerprint, 2L + i, $"candidate:{i} 1 udp 1 127.0.0.1 {5000 + i} typ host", "0", (int?)0),
                (candidate.From, candidate.Seq, candidate.Candidate, candidate.SdpMid, candidate.SdpMLineIndex));
        }

        var fromGuest = await host.NextAsync<IceCandidateEvent>();
        Assert.Equal((guest.Fingerprint, 2L, "audio", (int?)1), (fromGuest.From, fromGuest.Seq, fromGuest.SdpMid, fromGuest.SdpMLineIndex));
        var endOfCandidates = await host.NextAsync<IceCandidateEvent>();
        Assert.Equal((3L, "", (string?)null, (int?)null),
            (endOfCandidates.Seq, endOfCandidates.Candidate, endOfCandidates.SdpMid, endOfCandidates.SdpMLineIndex));

        // Sent without asking for a result (SignalR's SendAsync): delivered the same way, numbered in line.
        await host.Client.PostIceCandidateAsync(sessionId, guest.Fingerprint, "candidate:posted 1 udp 1 127.0.0.1 7000 typ host", "0", 0);
        await host.Client.PostIceCandidateAsync(sessionId, guest.Fingerprint, "");
        var posted = await guest.NextAsync<IceCandidateEvent>();
        Assert.Equal((host.Fingerprint, 5L, "candidate:posted 1 udp 1 127.0.0.1 7000 typ host"), (posted.From, posted.Seq, posted.Candidate));
        var postedEnd = await guest.NextAsync<IceCandidateEvent>();
        Assert.Equal((6L, ""), (postedEnd.Seq, postedEnd.Candidate));

        await guest.Client.LeaveSessionAsync(sessionId);
        var left = await host.NextAsync<PeerLeftEvent>();
        Assert.Equal((sessionId, guest.Fingerprint, "LEFT"), (left.SessionId, left.Fingerprint, left.Reason));

        await host.Client.LeaveSessionAsync(sessionId);
        var afterEnd = await Assert.ThrowsAsync<SignalingException>(() => guest.Client.JoinSessionAsync(created.InviteCode));
        Assert.Equal(ErrorCodes.InviteNotFound, afterEnd.Code);
    }

    [Fact]
    public async Task Host_leaving_ends_the_session_for_everyone()
    {
        await using var daemon = await Daemon.StartAsync(_directory.Path);
        var host = await daemon.ConnectDeviceAsync("host");
        var guest = await daemon.ConnectDeviceAsync("guest");
        var created = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.SCREEN_SHARE, Topology.Mesh);
        await guest.Client.JoinSessionAsync(created.InviteCode);

        await host.Client.LeaveSessionAsync(created.SessionId);

        var ended = await guest.NextAsync<SessionEndedEvent>();
        Assert.Equal((created.SessionId, "HOST_LEFT"), (ended.SessionId, ended.Reason));
        var relay = await Assert.ThrowsAsync<SignalingException>(
            () => guest.Client.SendIceCandidateAsync(created.SessionId, host.Fingerprint, "candidate:1"));
        Assert.Equal(ErrorCodes.SessionEnded, relay.Code);
    }

    public void Dispose() => _directory.Dispose();
}
