using System.Threading.Channels;
using SignalingAkka.Protocol;

namespace SignalingAkka.Client.Tests.Wiring;

public sealed class AutoRejoinTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly DeviceKeyPair _key = DeviceKeyPair.Generate();
    private readonly string _fingerprint = Fingerprints.Compute("platform-id", Guid.NewGuid().ToString());
    private readonly Channel<long> _offers = Channel.CreateUnbounded<long>();
    private readonly TaskCompletionSource<SessionInfo> _rejoined = NewSource<SessionInfo>();
    private readonly TaskCompletionSource<SessionLostEvent> _lost = NewSource<SessionLostEvent>();
    private readonly TaskCompletionSource<Exception?> _reconnecting = NewSource<Exception?>();
    private readonly TaskCompletionSource<string?> _reconnected = NewSource<string?>();
    private FakeSignalingServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeSignalingServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task After_a_drop_the_client_rejoins_from_its_last_seq_and_the_app_sees_each_message_once()
    {
        await using var client = await ConnectAsync(autoRejoin: true);
        var session = await client.CreateSessionAsync("license", SessionType.CALL);
        await _server.PushOfferAsync(session.SessionId, 1);
        await _server.PushOfferAsync(session.SessionId, 2);
        Assert.Equal(new long[] { 1, 2 }, await NextOffersAsync(2));
        var firstConnection = client.ConnectionId;
        _server.State.Redeliver = [2, 3];

        _server.State.Drop();
        var rejoined = await _rejoined.Task.WaitAsync(Patience);
        await _server.PushOfferAsync(session.SessionId, 4);

        Assert.Equal(new long[] { 3, 4 }, await NextOffersAsync(2));
        var request = Assert.Single(_server.State.Rejoins);
        Assert.Equal((session.SessionId, (long?)2), (request.SessionId, request.LastSeq));
        Assert.True(Ed25519Check.Verifies(_key.PublicKeyText,
            $"signaling-rejoin:v1:{session.SessionId}:{_fingerprint}:{request.Timestamp}", request.Signature!));
        Assert.Equal((session.SessionId, 2), (rejoined.SessionId, rejoined.Redelivered));
        await _reconnecting.Task.WaitAsync(Patience);
        Assert.NotEqual(firstConnection, await _reconnected.Task.WaitAsync(Patience));
        Assert.Equal(4, client.LastSeq(session.SessionId));
        Assert.Equal([session.SessionId], client.Sessions);
    }

    [Fact]
    public async Task Without_any_message_seen_the_rejoin_leaves_last_seq_absent()
    {
        await using var client = await ConnectAsync(autoRejoin: true);
        var session = await client.CreateSessionAsync("license", SessionType.CALL);

        _server.State.Drop();
        await _rejoined.Task.WaitAsync(Patience);

        Assert.Equal((session.SessionId, (long?)null), (_server.State.Rejoins.Single().SessionId, _server.State.Rejoins.Single().LastSeq));
    }

    [Fact]
    public async Task A_session_the_server_has_ended_is_reported_lost_and_forgotten()
    {
        await using var client = await ConnectAsync(autoRejoin: true);
        var session = await client.CreateSessionAsync("license", SessionType.CALL);
        _server.State.RejoinRefusal = "SESSION_ENDED: the session ended";

        _server.State.Drop();

        Assert.Equal(new SessionLostEvent(session.SessionId, ErrorCodes.SessionEnded), await _lost.Task.WaitAsync(Patience));
        Assert.Empty(client.Sessions);
    }

    [Fact]
    public async Task A_rejoin_the_server_cannot_serve_yet_is_tried_again()
    {
        await using var client = await ConnectAsync(autoRejoin: true);
        var session = await client.CreateSessionAsync("license", SessionType.CALL);
        _server.State.UnavailableRejoins = 2;

        _server.State.Drop();

        Assert.Equal(session.SessionId, (await _rejoined.Task.WaitAsync(Patience)).SessionId);
        Assert.Equal(3, _server.State.Rejoins.Count);
        Assert.False(_lost.Task.IsCompleted);
    }

    [Fact]
    public async Task A_left_session_is_not_rejoined()
    {
        await using var client = await ConnectAsync(autoRejoin: true);
        var session = await client.CreateSessionAsync("license", SessionType.CALL);
        await client.LeaveSessionAsync(session.SessionId);

        _server.State.Drop();
        await _reconnected.Task.WaitAsync(Patience);
        await client.LeaveSessionAsync(session.SessionId); // a round trip after the reconnect

        Assert.Empty(_server.State.Rejoins);
        Assert.Empty(client.Sessions);
    }

    [Fact]
    public async Task With_auto_rejoin_off_the_app_is_told_of_the_reconnect_and_nothing_is_rejoined()
    {
        await using var client = await ConnectAsync(autoRejoin: false);
        var session = await client.CreateSessionAsync("license", SessionType.CALL);

        _server.State.Drop();
        await _reconnected.Task.WaitAsync(Patience);
        await client.LeaveSessionAsync(session.SessionId); // a round trip after the reconnect

        Assert.Empty(_server.State.Rejoins);
        Assert.False(_rejoined.Task.IsCompleted);
    }

    private async Task<SignalingClient> ConnectAsync(bool autoRejoin)
    {
        var client = new SignalingClient(new SignalingClientOptions
        {
            ServerUrl = _server.BaseUrl,
            Key = _key,
            Fingerprint = _fingerprint,
            AutoRejoin = autoRejoin,
            ReconnectPolicy = new ReconnectDelays { Steps = [TimeSpan.Zero, TimeSpan.FromMilliseconds(100)], GiveUpAfter = Patience },
        });
        client.SdpOfferReceived += e => Record(_offers, e.Seq);
        client.SessionRejoined += s => Complete(_rejoined, s);
        client.SessionLost += l => Complete(_lost, l);
        client.Reconnecting += e => Complete(_reconnecting, e);
        client.Reconnected += id => Complete(_reconnected, id);
        await client.StartAsync();
        return client;
    }

    private async Task<long[]> NextOffersAsync(int count)
    {
        var seqs = new long[count];
        using var timeout = new CancellationTokenSource(Patience);
        for (var i = 0; i < count; i++) seqs[i] = await _offers.Reader.ReadAsync(timeout.Token);
        return seqs;
    }

    private static Task Record<T>(Channel<T> channel, T item)
    {
        channel.Writer.TryWrite(item);
        return Task.CompletedTask;
    }

    private static Task Complete<T>(TaskCompletionSource<T> source, T value)
    {
        source.TrySetResult(value);
        return Task.CompletedTask;
    }

    private static TaskCompletionSource<T> NewSource<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
