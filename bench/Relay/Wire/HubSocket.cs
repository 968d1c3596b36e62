using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace SignalingAkka.Bench.Relay.Wire;

/// <summary>A hub call that the server answered with an error (<c>CODE: text</c> for the daemon).</summary>
public sealed class HubCallException(string method, string error) : Exception($"{method}: {error}")
{
    public string Error { get; } = error;
}

/// <summary>
/// A SignalR client over one raw WebSocket, without negotiate (SignalR accepts a WebSocket straight
/// away; the token goes in <c>access_token</c> as browsers send it). Calls with results for setup,
/// prebuilt frames for the relay.
/// </summary>
public sealed class HubSocket : BenchSocket
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<object?>> _calls = new(StringComparer.Ordinal);
    private readonly byte[] _relayTarget;
    private int _nextInvocationId;

    private HubSocket(HubWire wire, string relayTarget, int receiveBufferBytes) : base(receiveBufferBytes)
    {
        Wire = wire;
        _relayTarget = Encoding.UTF8.GetBytes(relayTarget);
    }

    public HubWire Wire { get; }

    public override System.Net.WebSockets.WebSocketMessageType FrameType => Wire.FrameType;

    /// <summary>Server invocations other than the relay event, by target name (PeerJoined, SessionEnded, …).</summary>
    public int OtherEvents { get; private set; }

    /// <summary>Relay events whose full arguments should be captured (the check on the first message); null to skip.</summary>
    public Action<object?[]>? Inspect { get; set; }

    /// <summary>Opens the WebSocket and completes the handshake; the receive loop then runs until disposal.</summary>
    public static async Task<HubSocket> ConnectAsync(
        Uri hubUrl, string? accessToken, HubWire wire, string relayTarget, int receiveBufferBytes, CancellationToken ct)
    {
        var socket = new HubSocket(wire, relayTarget, receiveBufferBytes);
        try
        {
            var uri = accessToken is null ? hubUrl : new Uri($"{hubUrl}?access_token={Uri.EscapeDataString(accessToken)}");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(HandshakeTimeout);
            await socket.ConnectSocketAsync(uri, timeout.Token).ConfigureAwait(false);
            await socket.SendAsync(wire.Handshake, timeout.Token).ConfigureAwait(false);
            var rest = await socket.ReadHandshakeAsync(timeout.Token).ConfigureAwait(false);
            socket.StartReceiving(rest);
            return socket;
        }
        catch
        {
            await socket.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Invokes a hub method and waits for its completion; a server error throws <see cref="HubCallException"/>.</summary>
    public async Task<object?> InvokeAsync(string method, object? argument, TimeSpan timeout, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextInvocationId).ToString(CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = completion;
        try
        {
            await SendAsync(Wire.Invocation(method, id, argument), ct).ConfigureAwait(false);
            return await completion.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{method} got no completion within {timeout.TotalSeconds:0.#} s ({Failure ?? "connection open"})");
        }
        finally
        {
            _calls.TryRemove(id, out _);
        }
    }

    public ValueTask PingAsync(CancellationToken ct) => SendAsync(Wire.Ping, ct);

    protected override async ValueTask<int> ConsumeAsync(int filled, bool endOfMessage)
    {
        var consumed = 0;
        while (true)
        {
            var length = Wire.CompleteRecord(Buffer.AsSpan(consumed, filled - consumed), out var bodyOffset, out var bodyLength);
            if (length == 0) return consumed;
            var body = Buffer.AsMemory(consumed + bodyOffset, bodyLength);
            consumed += length;
            switch (Wire.Classify(body, _relayTarget, out var reply))
            {
                case HubMessageKind.RelayEvent:
                    CountRelay();
                    if (Inspect is { } inspect)
                    {
                        Inspect = null;
                        inspect(Wire.EventArguments(body));
                    }

                    if (OnRelay is { } onRelay) await onRelay(this, body).ConfigureAwait(false);
                    break;
                case HubMessageKind.OtherEvent:
                    OtherEvents++;
                    break;
                case HubMessageKind.Completion:
                    if (reply!.InvocationId is { } id && _calls.TryGetValue(id, out var call))
                    {
                        if (reply.Error is { } error) call.TrySetException(new HubCallException("call " + id, error));
                        else call.TrySetResult(reply.Result);
                    }

                    break;
                case HubMessageKind.Close:
                    Failure ??= "server sent Close: " + (reply?.Error ?? "(no error)");
                    foreach (var pending in _calls.Values) pending.TrySetException(new IOException(Failure));
                    break;
            }
        }
    }

    /// <summary>Reads up to the handshake response's 0x1E; bytes after it stay in the buffer for the loop.</summary>
    private async Task<int> ReadHandshakeAsync(CancellationToken ct)
    {
        var filled = 0;
        while (true)
        {
            var result = await Socket.ReceiveAsync(Buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                throw new IOException($"closed during the handshake: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
            filled += result.Count;
            var end = Buffer.AsSpan(0, filled).IndexOf((byte)0x1E);
            if (end >= 0)
            {
                var response = Encoding.UTF8.GetString(Buffer, 0, end);
                if (response.Contains("\"error\"", StringComparison.Ordinal))
                    throw new IOException("handshake refused: " + response);
                var rest = filled - end - 1;
                Buffer.AsSpan(end + 1, rest).CopyTo(Buffer);
                return rest;
            }

            if (filled == Buffer.Length) throw new IOException("handshake response too long");
        }
    }
}
