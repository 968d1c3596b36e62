using System.Text;
using System.Text.Json;
using SignalingAkka.Bench.Relay.Wire;
using SignalingAkka.Protocol;

namespace SignalingAkka.Bench.Relay;

/// <summary>The ~1,000-char ICE-candidate-like payload every target relays.</summary>
public static class Payload
{
    public const string SdpMid = "0";
    public const int SdpMLineIndex = 0;

    public static string Candidate(int chars)
    {
        var text = new StringBuilder("candidate:842163049 1 udp 1677729535 198.51.100.23 54400 typ srflx raddr 10.0.0.17 rport 54400 generation 0 ufrag EsAw network-id 1 network-cost 10");
        text.Append(" x-bench ");
        for (var i = 0; text.Length < chars; i++) text.Append((char)('a' + (i % 26)));
        return text.ToString(0, chars);
    }

    public static WireMap Map(string candidate) =>
        WireMap.Of(("candidate", candidate), ("sdpMid", SdpMid), ("sdpMLineIndex", SdpMLineIndex));
}

/// <summary>Two connections that relay to each other, with the frames each sends to the other, built once.</summary>
public sealed class RelayPair(BenchSocket a, BenchSocket b, byte[] aToB, byte[] bToA, string? sessionId = null)
{
    public BenchSocket A { get; } = a;
    public BenchSocket B { get; } = b;
    public byte[] AToB { get; } = aToB;
    public byte[] BToA { get; } = bToA;
    public string? SessionId { get; } = sessionId;
}

/// <summary>Setup failures and payload checks of a run, counted rather than thrown where the run can go on.</summary>
public sealed class RunChecks
{
    private int _checked;
    private int _bad;
    private readonly List<string> _samples = [];

    private int _retries;

    public int Checked => _checked;
    public int Retries => _retries;

    public void Retried() => Interlocked.Increment(ref _retries);

    public int Bad => _bad;
    public IReadOnlyList<string> Samples { get { lock (_samples) return _samples.ToList(); } }

    public void Check(bool ok, string what)
    {
        Interlocked.Increment(ref _checked);
        if (ok) return;
        Interlocked.Increment(ref _bad);
        lock (_samples) if (_samples.Count < 5) _samples.Add(what);
    }
}

/// <summary>A device of the daemon: its key, fingerprint and a raw hub connection authenticated with a v1 token.</summary>
public sealed class DaemonDevice : IAsyncDisposable
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);

    private DaemonDevice(DeviceKeyPair key, string fingerprint)
    {
        Key = key;
        Fingerprint = fingerprint;
    }

    public DeviceKeyPair Key { get; }
    public string Fingerprint { get; }
    public HubSocket Socket { get; private set; } = null!;

    public static DaemonDevice Create() =>
        new(DeviceKeyPair.Generate(), Fingerprints.Compute("bench", Guid.NewGuid().ToString("N")));

    public string Token() => AccessToken.Create(Key, Fingerprint, DateTimeOffset.UtcNow, includePublicKey: true);

    public static Uri HubUrl(Uri server) => new(server, HubNames.Path);

    private static int _connectRetries;

    /// <summary>
    /// Connects that failed and were tried again (at most 3 tries each). The daemon answers a
    /// negotiate whose device lookup times out with HTTP 500, which a cold daemon does.
    /// </summary>
    public static int ConnectRetries => Volatile.Read(ref _connectRetries);

    /// <summary>(Re)connects; an earlier socket of this device is left to the caller.</summary>
    public async Task<HubSocket> ConnectAsync(Uri server, HubWire wire, int receiveBufferBytes, CancellationToken ct, int tries = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Socket = await HubSocket.ConnectAsync(HubUrl(server), Token(), wire, HubEvents.IceCandidate, receiveBufferBytes, ct).ConfigureAwait(false);
                return Socket;
            }
            catch (Exception e) when (attempt < tries && !ct.IsCancellationRequested
                                      && e is System.Net.WebSockets.WebSocketException or IOException or OperationCanceledException)
            {
                Interlocked.Increment(ref _connectRetries);
                await Task.Delay(500 * attempt, ct).ConfigureAwait(false);
            }
        }
    }

    public Task<object?> RegisterAsync(CancellationToken ct) =>
        Socket.InvokeAsync(HubMethods.RegisterDevice, WireMap.Of(
            ("fingerprint", Fingerprint), ("publicKey", Key.PublicKeyText), ("deviceName", "bench " + Fingerprint[..8]),
            ("platform", "DESKTOP"), ("deviceType", "DESKTOP")), CallTimeout, ct);

    public Task<object?> CreateSessionAsync(string licence, CancellationToken ct) =>
        Socket.InvokeAsync(HubMethods.CreateSession, WireMap.Of(("licenseToken", licence), ("sessionType", "CALL")), CallTimeout, ct);

    public Task<object?> JoinSessionAsync(string inviteCode, CancellationToken ct) =>
        Socket.InvokeAsync(HubMethods.JoinSession, WireMap.Of(("inviteCode", inviteCode)), CallTimeout, ct);

    public Task<object?> LeaveSessionAsync(string sessionId, CancellationToken ct) =>
        Socket.InvokeAsync(HubMethods.LeaveSession, WireMap.Of(("sessionId", sessionId)), CallTimeout, ct);

    public Task<object?> RejoinSessionAsync(string sessionId, long? lastSeq, CancellationToken ct)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = WireMap.Of(("sessionId", sessionId), ("timestamp", timestamp),
            ("signature", RejoinSignature.Create(Key, sessionId, Fingerprint, timestamp)));
        if (lastSeq is { } seq) request.Add(new("lastSeq", seq));
        return Socket.InvokeAsync(HubMethods.RejoinSession, request, CallTimeout, ct);
    }

    public byte[] IceCandidateFrame(string sessionId, string to, string candidate) =>
        Socket.Wire.Invocation(HubMethods.IceCandidate, null, WireMap.Of(
            ("sessionId", sessionId), ("to", to), ("candidate", candidate), ("sdpMid", Payload.SdpMid), ("sdpMLineIndex", Payload.SdpMLineIndex)));

    public Task<object?> SendIceCandidateAsync(string sessionId, string to, string candidate, CancellationToken ct) =>
        Socket.InvokeAsync(HubMethods.IceCandidate, WireMap.Of(
            ("sessionId", sessionId), ("to", to), ("candidate", candidate), ("sdpMid", Payload.SdpMid), ("sdpMLineIndex", Payload.SdpMLineIndex)),
            CallTimeout, ct);

    public async ValueTask DisposeAsync()
    {
        if (Socket is not null) await Socket.DisposeAsync().ConfigureAwait(false);
        Key.Dispose();
    }
}

/// <summary>
/// Setup calls that the daemon answered UNAVAILABLE (its actors did not answer within its ask
/// timeout, e.g. while a cold daemon JITs and opens its journal) are tried again, at most 3 times;
/// the count is reported, so a daemon that needs it shows.
/// </summary>
public static class Retry
{
    public static async Task<object?> UnavailableAsync(Func<Task<object?>> call, RunChecks checks)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (HubCallException e) when (attempt < 3 && e.Error.Contains("UNAVAILABLE", StringComparison.Ordinal))
            {
                checks.Retried();
                await Task.Delay(500 * attempt).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>Builds relay pairs on one kind of server.</summary>
public abstract class RelayTarget
{
    public const int RelayBufferBytes = 16 * 1024;

    public static RelayTarget For(string kind, Uri server, string protocol, string licence) => kind switch
    {
        "signaling" => new SignalingTarget(server, HubWire.For(protocol), licence),
        "baseline" => new BaselineTarget(server, HubWire.For(protocol)),
        "peerjs" => new PeerJsTarget(server),
        _ => throw new ArgumentException($"unknown target '{kind}' (signaling, baseline or peerjs)"),
    };

    public abstract string Protocol { get; }

    /// <summary>Connects and prepares one pair; <paramref name="index"/> makes names unique within the run.</summary>
    public abstract Task<RelayPair> CreatePairAsync(int index, string candidate, RunChecks checks, CancellationToken ct);

    /// <summary>What a client does at the end of a call before it hangs up; nothing for servers without sessions.</summary>
    public virtual Task EndPairAsync(RelayPair pair, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Creates <paramref name="count"/> pairs, at most <paramref name="parallel"/> setting up at once.</summary>
    public async Task<List<RelayPair>> CreatePairsAsync(int count, string candidate, RunChecks checks, int parallel, CancellationToken ct)
    {
        var pairs = new RelayPair?[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct },
            async (i, token) => pairs[i] = await CreatePairAsync(i, candidate, checks, token).ConfigureAwait(false)).ConfigureAwait(false);
        return pairs.Select(p => p!).ToList();
    }
}

/// <summary>This daemon: registered devices, a host's session with an ENTERPRISE licence, the peer joined by invite code.</summary>
public sealed class SignalingTarget(Uri server, HubWire wire, string licence) : RelayTarget
{
    public override string Protocol => wire.Name;

    /// <summary>
    /// The host leaves, which ends the session, as a client does when its call is over. A pair that only hung up
    /// would leave its session waiting 5 minutes for a rejoin, its rings of recent pushes in memory, and its
    /// end by timeout (journal and read-model writes) falling into a later series' windows.
    /// </summary>
    public override async Task EndPairAsync(RelayPair pair, CancellationToken ct)
    {
        if (pair.SessionId is { } sessionId && pair.A is HubSocket host)
            await host.InvokeAsync(HubMethods.LeaveSession, WireMap.Of(("sessionId", sessionId)), DaemonDevice.CallTimeout, ct).ConfigureAwait(false);
    }

    public override async Task<RelayPair> CreatePairAsync(int index, string candidate, RunChecks checks, CancellationToken ct)
    {
        var a = DaemonDevice.Create();
        var b = DaemonDevice.Create();
        await a.ConnectAsync(server, wire, RelayBufferBytes, ct).ConfigureAwait(false);
        await b.ConnectAsync(server, wire, RelayBufferBytes, ct).ConfigureAwait(false);
        await Retry.UnavailableAsync(() => a.RegisterAsync(ct), checks).ConfigureAwait(false);
        await Retry.UnavailableAsync(() => b.RegisterAsync(ct), checks).ConfigureAwait(false);
        var session = await Retry.UnavailableAsync(() => a.CreateSessionAsync(licence, ct), checks).ConfigureAwait(false);
        var sessionId = WireValues.Str(session, "sessionId") ?? throw new InvalidDataException("CreateSession returned no sessionId");
        var invite = WireValues.Str(session, "inviteCode") ?? throw new InvalidDataException("CreateSession returned no inviteCode");
        await Retry.UnavailableAsync(() => b.JoinSessionAsync(invite, ct), checks).ConfigureAwait(false);

        a.Socket.Inspect = args => CheckEvent(args, b.Fingerprint);
        b.Socket.Inspect = args => CheckEvent(args, a.Fingerprint);
        return new RelayPair(a.Socket, b.Socket, a.IceCandidateFrame(sessionId, b.Fingerprint, candidate),
            b.IceCandidateFrame(sessionId, a.Fingerprint, candidate), sessionId);

        void CheckEvent(object?[] args, string from) =>
            checks.Check(args.Length == 1 && WireValues.Str(args[0], "from") == from
                         && WireValues.Str(args[0], "candidate") == candidate && WireValues.Long(args[0], "seq") >= 1,
                "IceCandidate event not as sent");
    }
}

/// <summary>bench/Baseline: Register(name), Relay(to, payload) → "Relay"(from, payload).</summary>
public sealed class BaselineTarget(Uri server, HubWire wire) : RelayTarget
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];

    public override string Protocol => wire.Name;

    public override async Task<RelayPair> CreatePairAsync(int index, string candidate, RunChecks checks, CancellationToken ct)
    {
        var hub = new Uri(server, "/relay");
        var nameA = $"a{index}-{_run}";
        var nameB = $"b{index}-{_run}";
        var a = await HubSocket.ConnectAsync(hub, null, wire, "Relay", RelayBufferBytes, ct).ConfigureAwait(false);
        var b = await HubSocket.ConnectAsync(hub, null, wire, "Relay", RelayBufferBytes, ct).ConfigureAwait(false);
        await a.InvokeAsync("Register", nameA, DaemonDevice.CallTimeout, ct).ConfigureAwait(false);
        await b.InvokeAsync("Register", nameB, DaemonDevice.CallTimeout, ct).ConfigureAwait(false);
        a.Inspect = args => CheckEvent(args, nameB);
        b.Inspect = args => CheckEvent(args, nameA);
        var payload = Payload.Map(candidate);
        return new RelayPair(a, b, wire.Invocation("Relay", null, nameB, payload), wire.Invocation("Relay", null, nameA, payload));

        void CheckEvent(object?[] args, string from) =>
            checks.Check(args.Length == 2 && WireValues.Str(args[0]) == from && WireValues.Str(args[1], "candidate") == candidate,
                "Relay event not as sent");
    }
}

/// <summary>The PeerJS server through the C# adapter: ids per client, CANDIDATE messages with dst.</summary>
public sealed class PeerJsTarget(Uri server) : RelayTarget
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];

    public override string Protocol => "peerjs";

    public override async Task<RelayPair> CreatePairAsync(int index, string candidate, RunChecks checks, CancellationToken ct)
    {
        var idA = $"a{index}-{_run}";
        var idB = $"b{index}-{_run}";
        var a = await PeerJsSocket.ConnectAsync(server, idA, RelayBufferBytes, ct).ConfigureAwait(false);
        var b = await PeerJsSocket.ConnectAsync(server, idB, RelayBufferBytes, ct).ConfigureAwait(false);
        a.Inspect = m => CheckMessage(m, idB);
        b.Inspect = m => CheckMessage(m, idA);
        var payload = Payload.Map(candidate);
        return new RelayPair(a, b, PeerJsSocket.CandidateFrame(idB, payload), PeerJsSocket.CandidateFrame(idA, payload));

        void CheckMessage(JsonElement m, string from) =>
            checks.Check(m.TryGetProperty("src", out var src) && src.GetString() == from
                         && m.GetProperty("payload").GetProperty("candidate").GetString() == candidate,
                "CANDIDATE message not as sent");
    }
}
