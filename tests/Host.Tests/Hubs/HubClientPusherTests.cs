using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using SignalingAkka.Host.Hubs;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Tests.Hubs;

public sealed class HubClientPusherTests
{
    private readonly SignalingHubLifetimeManager _connections = new(NullLogger<DefaultHubLifetimeManager<SignalingHub>>.Instance);

    private HubClientPusher Pusher() => new(_connections, NullLogger<HubClientPusher>.Instance);

    [Fact]
    public async Task A_push_is_written_to_its_connection_as_an_invocation_of_the_event()
    {
        var client = await ConnectAsync("conn-1");
        var other = await ConnectAsync("conn-2");

        Pusher().Push("conn-1", HubEvents.SessionEnded, new SessionEndedEvent("s1", "HOST_LEFT"));

        var frame = Assert.Single(await client.ReadFramesAsync(1));
        Assert.Equal(1, frame.GetProperty("type").GetInt32());
        Assert.Equal(HubEvents.SessionEnded, frame.GetProperty("target").GetString());
        Assert.False(frame.TryGetProperty("invocationId", out _));
        var payload = Assert.Single(frame.GetProperty("arguments").EnumerateArray());
        Assert.Equal(("s1", "HOST_LEFT"), (payload.GetProperty("sessionId").GetString(), payload.GetProperty("reason").GetString()));
        Assert.Empty(await other.ReadFramesAsync(0));
    }

    [Fact]
    public async Task Pushes_keep_their_order_when_the_client_reads_slowly()
    {
        // A small pipe makes most writes wait for the reader, so they queue on the connection's write lock.
        var client = await ConnectAsync("conn-1", pauseWriterAtBytes: 512);
        var pusher = Pusher();

        for (var seq = 1; seq <= 300; seq++)
            pusher.Push("conn-1", HubEvents.SdpOffer, new SdpEvent("s1", "peer", seq, new string('x', 200)));

        var frames = await client.ReadFramesAsync(300);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i),
            frames.Select(f => f.GetProperty("arguments")[0].GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task A_push_to_a_closed_or_unknown_connection_is_dropped_without_error()
    {
        var client = await ConnectAsync("conn-1");
        await _connections.OnDisconnectedAsync(client.Connection);
        var pusher = Pusher();

        pusher.Push("conn-1", HubEvents.SessionEnded, new SessionEndedEvent("s1", "HOST_LEFT"));
        pusher.Push("conn-404", HubEvents.SessionEnded, new SessionEndedEvent("s1", "HOST_LEFT"));

        Assert.Null(_connections.Find("conn-1"));
        Assert.Empty(await client.ReadFramesAsync(0));
    }

    private async Task<TestClient> ConnectAsync(string connectionId, long pauseWriterAtBytes = 1 << 20)
    {
        var toClient = new Pipe(new PipeOptions(pauseWriterThreshold: pauseWriterAtBytes, resumeWriterThreshold: pauseWriterAtBytes / 2));
        var fromClient = new Pipe();
        var transport = new DefaultConnectionContext(connectionId, new Duplex(fromClient.Reader, toClient.Writer),
            new Duplex(toClient.Reader, fromClient.Writer));
        var connection = new HubConnectionContext(transport, new HubConnectionContextOptions(), NullLoggerFactory.Instance)
        {
            Protocol = new JsonHubProtocol(),
        };
        await _connections.OnConnectedAsync(connection);
        return new TestClient(connection, toClient.Reader);
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>The client's end: reads the JSON hub frames (separated by 0x1e) the server wrote.</summary>
    private sealed class TestClient(HubConnectionContext connection, PipeReader fromServer)
    {
        public HubConnectionContext Connection { get; } = connection;

        public async Task<List<JsonElement>> ReadFramesAsync(int expected)
        {
            var frames = new List<JsonElement>();
            var text = new StringBuilder();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(expected == 0 ? 0.2 : 10));
            while (frames.Count < expected || expected == 0)
            {
                ReadResult read;
                try
                {
                    read = await fromServer.ReadAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (expected == 0)
                {
                    break;
                }

                text.Append(Encoding.UTF8.GetString(read.Buffer.ToArray()));
                fromServer.AdvanceTo(read.Buffer.End);
                var parts = text.ToString().Split('\u001e');
                text.Clear().Append(parts[^1]);
                frames.AddRange(parts[..^1].Select(part => JsonDocument.Parse(part).RootElement.Clone()));
            }

            return frames;
        }
    }
}
