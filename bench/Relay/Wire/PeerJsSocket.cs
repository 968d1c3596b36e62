using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SignalingAkka.Bench.Relay.Wire;

/// <summary>
/// The adapter for the PeerJS server: its WebSocket protocol spoken from C#. Connect to
/// <c>/peerjs?key=peerjs&amp;id=ID&amp;token=T</c>, the server answers <c>{"type":"OPEN"}</c>; a message
/// <c>{"type":"CANDIDATE","dst":"B","payload":{…}}</c> reaches B as the same JSON with <c>src</c> added.
/// One JSON document per WebSocket message. <c>{"type":"HEARTBEAT"}</c> keeps an idle client alive.
/// </summary>
public sealed class PeerJsSocket : BenchSocket
{
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(15);
    private static readonly byte[] CandidatePrefix = "{\"type\":\"CANDIDATE\""u8.ToArray();

    private PeerJsSocket(string id, int receiveBufferBytes) : base(receiveBufferBytes)
    {
        Id = id;
    }

    public static byte[] Heartbeat { get; } = "{\"type\":\"HEARTBEAT\"}"u8.ToArray();

    public string Id { get; }

    public override WebSocketMessageType FrameType => WebSocketMessageType.Text;

    /// <summary>Relay messages whose full JSON should be captured once (the check on the first message).</summary>
    public Action<JsonElement>? Inspect { get; set; }

    public static async Task<PeerJsSocket> ConnectAsync(Uri serverUrl, string id, int receiveBufferBytes, CancellationToken ct)
    {
        var socket = new PeerJsSocket(id, receiveBufferBytes);
        try
        {
            var token = Guid.NewGuid().ToString("N")[..12];
            var uri = new Uri(serverUrl, $"/peerjs?key=peerjs&id={Uri.EscapeDataString(id)}&token={token}");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(OpenTimeout);
            await socket.ConnectSocketAsync(uri, timeout.Token).ConfigureAwait(false);
            await socket.ReadOpenAsync(timeout.Token).ConfigureAwait(false);
            socket.StartReceiving(0);
            return socket;
        }
        catch
        {
            await socket.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The frame that sends <paramref name="payload"/> to <paramref name="destination"/> as a CANDIDATE.</summary>
    public static byte[] CandidateFrame(string destination, WireMap payload)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("type", "CANDIDATE");
            json.WriteString("dst", destination);
            json.WritePropertyName("payload");
            json.WriteStartObject();
            foreach (var (key, value) in payload)
            {
                switch (value)
                {
                    case string s: json.WriteString(key, s); break;
                    case int i: json.WriteNumber(key, i); break;
                    case null: json.WriteNull(key); break;
                    default: throw new ArgumentException($"cannot write {value.GetType()}");
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    protected override async ValueTask<int> ConsumeAsync(int filled, bool endOfMessage)
    {
        if (!endOfMessage) return 0;
        var message = Buffer.AsMemory(0, filled);
        if (message.Span.StartsWith(CandidatePrefix))
        {
            CountRelay();
            if (Inspect is { } inspect)
            {
                Inspect = null;
                using var document = JsonDocument.Parse(message);
                inspect(document.RootElement.Clone());
            }

            if (OnRelay is { } onRelay) await onRelay(this, message).ConfigureAwait(false);
        }
        else if (message.Span.IndexOf("\"ERROR\""u8) >= 0 || message.Span.IndexOf("\"ID-TAKEN\""u8) >= 0)
        {
            Failure ??= "server error: " + Encoding.UTF8.GetString(message.Span);
        }

        return filled;
    }

    private async Task ReadOpenAsync(CancellationToken ct)
    {
        var filled = 0;
        while (true)
        {
            var result = await Socket.ReceiveAsync(Buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
                throw new IOException($"closed before OPEN: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
            filled += result.Count;
            if (!result.EndOfMessage)
            {
                if (filled == Buffer.Length) throw new IOException("first message too long");
                continue;
            }

            var text = Encoding.UTF8.GetString(Buffer, 0, filled);
            if (text.Contains("\"OPEN\"", StringComparison.Ordinal)) return;
            throw new IOException("expected OPEN, got " + text);
        }
    }
}
