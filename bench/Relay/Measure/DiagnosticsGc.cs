using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace SignalingAkka.Bench.Relay.Measure;

/// <summary>
/// Makes a .NET process run a full blocking GC from outside, as dotnet-gcdump does: through the
/// runtime's diagnostics IPC socket, an EventPipe session that enables the runtime provider with the
/// GCHeapCollect keyword (0x800000) makes the runtime collect; the session is then stopped. Used so
/// that "RSS after GC settles" does not count garbage that merely has not been collected yet.
/// Protocol: dotnet/diagnostics documentation/design-docs/ipc-protocol.md.
/// </summary>
public static class DiagnosticsGc
{
    private const ulong GcHeapCollectKeyword = 0x800000;
    private const ulong GcKeyword = 0x1;
    private static readonly byte[] Magic = "DOTNET_IPC_V1\0"u8.ToArray();

    /// <summary>True when the runtime acknowledged the session (and so ran the collection).</summary>
    public static async Task<bool> CollectAsync(int pid, TimeSpan timeout)
    {
        var path = Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{pid}-*-socket").FirstOrDefault()
                   ?? Directory.EnumerateFiles("/tmp", $"dotnet-diagnostic-{pid}-*-socket").FirstOrDefault();
        if (path is null) return false;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            using var session = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await session.ConnectAsync(new UnixDomainSocketEndPoint(path), cts.Token).ConfigureAwait(false);
            await session.SendAsync(CollectTracing(), cts.Token).ConfigureAwait(false);
            var header = new byte[20 + 8];
            await ReadExactlyAsync(session, header, cts.Token).ConfigureAwait(false);
            if (header[16] != 0xFF || header[17] != 0x00) return false; // Server/OK
            var sessionId = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(20));

            // Drain the trace stream a moment so the runtime is never blocked on us, then stop.
            var drain = DrainAsync(session, cts.Token);
            await Task.Delay(1500, cts.Token).ConfigureAwait(false);
            using (var stop = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                await stop.ConnectAsync(new UnixDomainSocketEndPoint(path), cts.Token).ConfigureAwait(false);
                var payload = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(payload, sessionId);
                await stop.SendAsync(Message(0x02, 0x01, payload), cts.Token).ConfigureAwait(false);
                var reply = new byte[20];
                await ReadExactlyAsync(stop, reply, cts.Token).ConfigureAwait(false);
            }

            try
            {
                await drain.WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // the socket closes when disposed
            }

            return true;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            Console.Error.WriteLine($"diagnostics GC of pid {pid} failed: {e.Message}");
            return false;
        }
    }

    private static byte[] CollectTracing()
    {
        // CollectTracing (0x02/0x02): circularBufferMB, format (1 = NetTrace), providers.
        var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.Unicode, leaveOpen: true))
        {
            w.Write(16u);
            w.Write(1u);
            w.Write(1u);
            w.Write(GcHeapCollectKeyword | GcKeyword);
            w.Write(4u); // Informational
            WriteString(w, "Microsoft-Windows-DotNETRuntime");
            WriteString(w, null);
        }

        return Message(0x02, 0x02, body.ToArray());
    }

    private static void WriteString(BinaryWriter w, string? value)
    {
        if (value is null)
        {
            w.Write(0u);
            return;
        }

        w.Write((uint)(value.Length + 1));
        w.Write(Encoding.Unicode.GetBytes(value + "\0"));
    }

    private static byte[] Message(byte commandSet, byte commandId, byte[] payload)
    {
        var message = new byte[20 + payload.Length];
        Magic.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(14), (ushort)message.Length);
        message[16] = commandSet;
        message[17] = commandId;
        payload.CopyTo(message, 20);
        return message;
    }

    private static async Task DrainAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, ct).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static async Task ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0) throw new IOException("diagnostics socket closed");
            read += n;
        }
    }
}
