using SignalingAkka.Integration.Tests.Infrastructure;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.Resume;

/// <summary>
/// Nothing is lost while a session lives: a receiver whose socket dies, or whose server restarts, gets
/// every message exactly once and in order after its client reconnects and rejoins by itself.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LosslessResumeTests(PostgresFixture postgres) : IDisposable
{
    private const int Messages = 1000;
    private const int InFlight = 128;
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task A_receiver_whose_socket_is_aborted_mid_stream_gets_seq_1_to_1000_exactly_once()
    {
        await using var daemon = await Daemon.StartAsync(_directory.Path);
        var sender = await daemon.ConnectDeviceAsync("sender", autoReconnect: true);
        var receiver = await daemon.ConnectDeviceAsync("receiver", autoReconnect: true);
        var session = await sender.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
        await receiver.Client.JoinSessionAsync(session.InviteCode);

        for (var i = 1; i <= Messages; i++)
        {
            await sender.Client.SendIceCandidateAsync(session.SessionId, receiver.Fingerprint, Candidate(i));
            if (i == 200) receiver.Sockets.Abort();
        }

        await AssertReceivedExactlyOnceInOrderAsync(receiver);
        Assert.IsType<Rejoined>(receiver.Pending().Single(e => e.Payload is Rejoined).Payload);
    }

    [Fact]
    public async Task A_receiver_gets_seq_1_to_1000_exactly_once_across_a_restart_of_the_daemon_on_postgres()
    {
        var database = await postgres.CreateDatabaseAsync();
        var urls = new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{LoopbackPorts.Free()}" };
        var first = await Daemon.StartAsync(_directory.Path, database, urls);
        await using var sender = TestDevice.Create(first.BaseUrl, "sender", autoReconnect: true);
        await using var receiver = TestDevice.Create(first.BaseUrl, "receiver", autoReconnect: true);
        await sender.ConnectAsync();
        await receiver.ConnectAsync();
        var session = await sender.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
        await receiver.Client.JoinSessionAsync(session.InviteCode);

        // The sender pauses while the server restarts (its calls would fail, not vanish); the receiver's
        // messages are still being pushed when the old process stops. A stop does not wait for pushes already
        // written to a socket, so what may be in flight then is what the server keeps of its recent pushes
        // (PROTOCOL.md: at least the last 64; here 256): the sender stays at most InFlight ahead.
        for (var i = 1; i <= Messages / 2; i++)
        {
            await sender.Client.PostIceCandidateAsync(session.SessionId, receiver.Fingerprint, Candidate(i));
            if (i % 16 == 0) await WaitUntilReceivedAsync(receiver, i - InFlight);
        }
        await sender.Client.SendIceCandidateAsync(session.SessionId, receiver.Fingerprint, Candidate(Messages / 2 + 1));
        await first.DisposeAsync();

        await using var second = await Daemon.StartAsync(_directory.Path, database, urls);
        await sender.NextAsync<Rejoined>();
        await receiver.NextAsync<Rejoined>();
        for (var i = Messages / 2 + 2; i <= Messages; i++)
            await sender.Client.SendIceCandidateAsync(session.SessionId, receiver.Fingerprint, Candidate(i));

        await AssertReceivedExactlyOnceInOrderAsync(receiver);
    }

    private static async Task AssertReceivedExactlyOnceInOrderAsync(TestDevice receiver)
    {
        var received = new List<IceCandidateEvent>();
        while (received.Count < Messages)
        {
            try
            {
                received.Add(await receiver.NextAsync<IceCandidateEvent>());
            }
            catch (TimeoutException)
            {
                var missing = Enumerable.Range(1, Messages).Except(received.Select(e => (int)e.Seq));
                Assert.Fail($"received {received.Count} of {Messages}; last seq {received.LastOrDefault()?.Seq}; "
                            + $"missing seq {string.Join(",", missing)}");
            }
        }

        Assert.Equal(Enumerable.Range(1, Messages).Select(i => (long)i), received.Select(e => e.Seq));
        Assert.Equal(Enumerable.Range(1, Messages).Select(Candidate), received.Select(e => e.Candidate));
        Assert.DoesNotContain(receiver.Pending(), e => e.Payload is IceCandidateEvent);
    }

    private static async Task WaitUntilReceivedAsync(TestDevice receiver, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (receiver.Pending().Count(e => e.Payload is IceCandidateEvent) < count)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"the receiver did not get {count} messages within 10 s");
            await Task.Delay(5);
        }
    }

    private static string Candidate(int i) => $"candidate:{i} 1 udp 2122260223 127.0.0.1 {10000 + i} typ host";

    public void Dispose() => _directory.Dispose();
}
