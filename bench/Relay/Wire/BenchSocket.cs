using System.Net.WebSockets;

namespace SignalingAkka.Bench.Relay.Wire;

/// <summary>
/// One client WebSocket of the load generator: a receive loop that hands every relayed message to
/// <see cref="OnRelay"/> (the hot path, awaited in the loop so each connection handles one message
/// at a time), and sends serialized behind a lock (pings may meet relay sends).
/// </summary>
public abstract class BenchSocket : IAsyncDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private long _received;

    protected BenchSocket(int receiveBufferBytes)
    {
        Socket = new ClientWebSocket();
        Socket.Options.KeepAliveInterval = TimeSpan.Zero;
        Buffer = new byte[receiveBufferBytes];
    }

    protected ClientWebSocket Socket { get; }

    protected byte[] Buffer { get; set; }

    /// <summary>Called for every relayed message received, in order, one at a time.</summary>
    public Func<BenchSocket, ReadOnlyMemory<byte>, ValueTask>? OnRelay { get; set; }

    /// <summary>Relayed messages received so far (written by the receive loop only).</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Why the connection ended, when it did: a close message, a socket error, or null while open.</summary>
    public string? Failure { get; protected set; }

    public bool IsOpen => Socket.State == WebSocketState.Open && Failure is null;

    public abstract WebSocketMessageType FrameType { get; }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await Socket.SendAsync(frame, FrameType, endOfMessage: true, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the connection as a network failure would: no close frame.</summary>
    public void Abort()
    {
        Failure ??= "aborted";
        Socket.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // closing anyway
            }
        }

        Socket.Abort();
        try
        {
            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or WebSocketException)
        {
            // the loop ends with the socket
        }

        Socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
        GC.SuppressFinalize(this);
    }

    protected async Task ConnectSocketAsync(Uri uri, CancellationToken ct)
    {
        await Socket.ConnectAsync(AsWebSocketUri(uri), ct).ConfigureAwait(false);
    }

    /// <summary>http → ws, https → wss: the benchmark's options take the server's base URL.</summary>
    public static Uri AsWebSocketUri(Uri uri)
    {
        if (uri.Scheme is "ws" or "wss") return uri;
        var builder = new UriBuilder(uri) { Scheme = uri.Scheme == "https" ? "wss" : "ws" };
        return builder.Uri;
    }

    protected void StartReceiving(int alreadyBuffered) => _receiveLoop = Task.Run(() => ReceiveLoopAsync(alreadyBuffered));

    protected void CountRelay() => _received++;

    /// <summary>Handles whole records in Buffer[0..filled); returns how many bytes it consumed.</summary>
    protected abstract ValueTask<int> ConsumeAsync(int filled, bool endOfMessage);

    private async Task ReceiveLoopAsync(int filled)
    {
        var ct = _stop.Token;
        try
        {
            if (filled > 0) filled = Compact(filled, await ConsumeAsync(filled, true).ConfigureAwait(false));
            while (!ct.IsCancellationRequested)
            {
                if (filled == Buffer.Length)
                {
                    var larger = new byte[Buffer.Length * 2];
                    Buffer.AsSpan(0, filled).CopyTo(larger);
                    Buffer = larger;
                }

                var result = await Socket.ReceiveAsync(Buffer.AsMemory(filled), ct).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Failure ??= $"closed by the server: {Socket.CloseStatus} {Socket.CloseStatusDescription}";
                    return;
                }

                filled += result.Count;
                filled = Compact(filled, await ConsumeAsync(filled, result.EndOfMessage).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            Failure ??= $"{e.GetType().Name}: {e.Message}";
        }
        catch (Exception e)
        {
            Failure ??= $"receive loop failed: {e}";
        }
    }

    private int Compact(int filled, int consumed)
    {
        if (consumed == 0) return filled;
        var rest = filled - consumed;
        if (rest > 0) Buffer.AsSpan(consumed, rest).CopyTo(Buffer);
        return rest;
    }
}
