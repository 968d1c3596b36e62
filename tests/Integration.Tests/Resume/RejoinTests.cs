using SignalingAkka.Client;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.Resume;

/// <summary>RejoinSession: the signature rules, lastSeq rules, and redelivery before the result.</summary>
public sealed class RejoinTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private Daemon Daemon => fixture.Daemon;

    [Fact]
    public async Task A_returning_guest_gets_what_was_queued_in_order_before_the_result()
    {
        var (host, guest, session) = await StartCallAsync();
        await guest.DisposeAsync();
        await host.NextAsync<PeerConnectionChangedEvent>(e => !e.Connected);

        for (var i = 1; i <= 3; i++)
            Assert.Equal(new RelayResult(false, true),
                await host.Client.SendIceCandidateAsync(session.SessionId, guest.Fingerprint, $"candidate:{i}"));

        var back = await Daemon.ReconnectAsync(guest);
        var rejoined = await back.Client.RejoinSessionAsync(session.SessionId);

        // The server writes them before the result; the .NET client may run event handlers a moment after
        // it completes the call, so the test waits for them rather than reading them at once.
        Assert.Equal(3, rejoined.Redelivered);
        var redelivered = new List<IceCandidateEvent>();
        for (var i = 0; i < 3; i++) redelivered.Add(await back.NextAsync<IceCandidateEvent>());
        Assert.Equal([1L, 2L, 3L], redelivered.Select(e => e.Seq));
        Assert.Equal(["candidate:1", "candidate:2", "candidate:3"], redelivered.Select(e => e.Candidate));
        Assert.True(rejoined.Participants.Single(p => p.Fingerprint == guest.Fingerprint).Connected);
        await host.NextAsync<PeerConnectionChangedEvent>(e => e.Connected && e.Fingerprint == guest.Fingerprint);

        // Delivered once: a second rejoin with what the client has seen redelivers nothing.
        var again = await back.Client.RejoinSessionAsync(session.SessionId, lastSeq: 3);
        Assert.Equal(0, again.Redelivered);
    }

    [Fact]
    public async Task LastSeq_replays_exactly_what_the_client_missed_of_recent_pushes()
    {
        var (host, guest, session) = await StartCallAsync();
        for (var i = 1; i <= 5; i++)
            await host.Client.SendIceCandidateAsync(session.SessionId, guest.Fingerprint, $"candidate:{i}");
        for (var i = 1; i <= 5; i++) Assert.Equal(i, (await guest.NextAsync<IceCandidateEvent>()).Seq);

        // The client claims it only saw up to 2: the socket may have died with 3..5 in flight.
        var back = await Daemon.ReconnectAsync(guest);
        var rejoined = await back.Client.RejoinSessionAsync(session.SessionId, lastSeq: 2);

        Assert.Equal(3, rejoined.Redelivered);
        for (var seq = 3; seq <= 5; seq++) Assert.Equal(seq, (await back.NextAsync<IceCandidateEvent>()).Seq);
        await AssertClosedAsync(guest);
    }

    [Fact]
    public async Task Forged_stale_and_other_session_signatures_are_refused_and_the_queue_stays()
    {
        var (host, guest, session) = await StartCallAsync();
        var other = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
        await guest.DisposeAsync();
        await host.NextAsync<PeerConnectionChangedEvent>(e => !e.Connected);
        await host.Client.SendSdpOfferAsync(session.SessionId, guest.Fingerprint, "v=0 queued");
        var back = await Daemon.ReconnectAsync(guest);
        using var stranger = DeviceKeyPair.Generate();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        foreach (var (timestamp, signature) in new[]
                 {
                     (now, RejoinSignature.Create(stranger, session.SessionId, guest.Fingerprint, now)),
                     // Well past the skew allowed either way, also when the server reads its clock a few seconds after `now`.
                     (now - Limits.ClockSkewSeconds - 10, RejoinSignature.Create(guest.Key, session.SessionId, guest.Fingerprint, now - Limits.ClockSkewSeconds - 10)),
                     (now + Limits.ClockSkewSeconds + 10, RejoinSignature.Create(guest.Key, session.SessionId, guest.Fingerprint, now + Limits.ClockSkewSeconds + 10)),
                     (now, RejoinSignature.Create(guest.Key, other.SessionId, guest.Fingerprint, now)),
                     (now, RejoinSignature.Create(guest.Key, session.SessionId, host.Fingerprint, now)),
                     (now + 1, RejoinSignature.Create(guest.Key, session.SessionId, guest.Fingerprint, now)),
                     (now, "not-a-signature"),
                 })
        {
            await AssertRejected(ErrorCodes.SignatureInvalid, () => back.Client.InvokeRawAsync<SessionInfo>(
                HubMethods.RejoinSession, new RejoinSessionRequest(session.SessionId, timestamp, signature)));
        }

        var rejoined = await back.Client.RejoinSessionAsync(session.SessionId);
        Assert.Equal(1, rejoined.Redelivered);
        Assert.Equal("v=0 queued", (await back.NextAsync<ReceivedOffer>()).Event.Sdp);
    }

    [Fact]
    public async Task LastSeq_must_be_between_zero_and_the_highest_seq_issued()
    {
        var (host, guest, session) = await StartCallAsync();
        await host.Client.SendIceCandidateAsync(session.SessionId, guest.Fingerprint, "candidate:1");
        await guest.NextAsync<IceCandidateEvent>();

        await AssertRejected(ErrorCodes.InvalidArgument, () => guest.Client.RejoinSessionAsync(session.SessionId, lastSeq: -1));
        await AssertRejected(ErrorCodes.InvalidArgument, () => guest.Client.RejoinSessionAsync(session.SessionId, lastSeq: 2));
        await AssertRejected(ErrorCodes.InvalidArgument, () => guest.Client.RejoinSessionAsync(session.SessionId, lastSeq: long.MaxValue));

        Assert.Equal(0, (await guest.Client.RejoinSessionAsync(session.SessionId, lastSeq: 1)).Redelivered);
    }

    [Fact]
    public async Task Rejoining_an_ended_session_or_one_you_are_not_in_is_refused()
    {
        var (host, guest, session) = await StartCallAsync();
        var outsider = await Daemon.ConnectDeviceAsync("outsider");
        await AssertRejected(ErrorCodes.NotInSession, () => outsider.Client.RejoinSessionAsync(session.SessionId));
        await AssertRejected(ErrorCodes.SessionNotFound, () => outsider.Client.RejoinSessionAsync(Guid.NewGuid().ToString()));

        await host.Client.LeaveSessionAsync(session.SessionId);
        await AssertRejected(ErrorCodes.SessionEnded, () => guest.Client.RejoinSessionAsync(session.SessionId));
    }

    [Fact]
    public async Task A_rejoin_on_a_new_connection_replaces_and_closes_the_old_one()
    {
        var (host, guest, session) = await StartCallAsync();
        var closed = new TaskCompletionSource();
        guest.Client.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        var second = await Daemon.ReconnectAsync(guest);
        await second.Client.RejoinSessionAsync(session.SessionId);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await host.Client.SendIceCandidateAsync(session.SessionId, guest.Fingerprint, "candidate:new");
        Assert.Equal("candidate:new", (await second.NextAsync<IceCandidateEvent>()).Candidate);
    }

    private async Task<(TestDevice Host, TestDevice Guest, SessionInfo Session)> StartCallAsync()
    {
        var host = await Daemon.ConnectDeviceAsync("host");
        var guest = await Daemon.ConnectDeviceAsync("guest");
        var session = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
        await guest.Client.JoinSessionAsync(session.InviteCode);
        await host.NextAsync<PeerJoinedEvent>();
        return (host, guest, session);
    }

    private static async Task AssertClosedAsync(TestDevice replaced)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (replaced.Client.State != Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Disconnected)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the replaced connection was not closed");
            await Task.Delay(50);
        }
    }

    private static async Task AssertRejected(string code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<SignalingException>(call);
        Assert.Equal(code, error.Code);
    }
}
