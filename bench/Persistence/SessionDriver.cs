using System.Diagnostics;
using System.Text;
using Akka.Actor;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;

namespace SignalingAkka.Bench.Persistence;

/// <summary>
/// A real SessionActor with a connected host and a guest whose connection actor has stopped (the session saw
/// it Terminated), so every relay to the guest is persisted as a MessageQueued event (PersistAsync), and every
/// 1,024th needs a SeqReserved first.
/// </summary>
public sealed class SessionDriver
{
    public static readonly string Host = new('a', 64);
    public static readonly string Guest = new('b', 64);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private readonly IActorRef _hostConnection;

    private SessionDriver(string sessionId, IActorRef session, IActorRef hostConnection)
    {
        SessionId = sessionId;
        Session = session;
        _hostConnection = hostConnection;
    }

    public string SessionId { get; }

    public IActorRef Session { get; }

    public string PersistenceId => "session-" + SessionId;

    /// <summary>Events written before the first relay: Created, ParticipantJoined (host), ParticipantJoined (guest).</summary>
    public const int SetupEvents = 3;

    /// <summary>Relays that make the journal exactly <paramref name="events"/> long (or as close below as SeqReserved allows).</summary>
    public static int RelaysFor(int events, int seqBlockSize)
    {
        var relays = Math.Max(0, events - SetupEvents);
        while (relays > 0 && EventsAfter(relays, seqBlockSize) > events) relays--;
        return relays;
    }

    /// <summary>Journal length after this many relays to the disconnected guest.</summary>
    public static int EventsAfter(int relays, int seqBlockSize) =>
        SetupEvents + relays + (relays + seqBlockSize - 1) / seqBlockSize;

    public static async Task<SessionDriver> OpenAsync(BenchSystem system, string inviteCode, int snapshotEvery)
    {
        var sessionId = InviteSessionIds.Of(inviteCode);
        var session = system.NewSession(sessionId, snapshotEvery);
        var hostConnection = system.NewConnection();
        var guestConnection = system.NewConnection();
        Expect<SessionInfo>(await session.Ask<object>(new SessionCommands.Create(sessionId, inviteCode,
            new Entrant(Host, "bench host", 500, hostConnection), SessionType.CALL, Topology.Mesh, Tier.PRO, "bench"), AskTimeout));
        Expect<SessionInfo>(await session.Ask<object>(new SessionCommands.Join(sessionId, inviteCode,
            new Entrant(Guest, "bench guest", 300, guestConnection)), AskTimeout));

        // The guest's socket goes away: the session watches it and marks the guest disconnected.
        await guestConnection.GracefulStop(TimeSpan.FromSeconds(10));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var info = Expect<SessionInfo>(await session.Ask<object>(new SessionCommands.GetInfo(sessionId), AskTimeout));
            if (info.Participants.Single(p => p.Fingerprint == Guest) is { Connected: false }) break;
            if (deadline.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException("the session did not notice the guest's connection stop");
            await Task.Delay(10);
        }

        return new SessionDriver(sessionId, session, hostConnection);
    }

    public SessionCommands.Relay Relay(string body) =>
        new(SessionId, Host, Guest, SignalKind.Offer, body, null, null);

    /// <summary>Stops the session (after every relay was answered, so every event is durable) and the host's stand-in.</summary>
    public async Task StopAsync()
    {
        await Session.GracefulStop(TimeSpan.FromSeconds(60));
        await _hostConnection.GracefulStop(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// Closed loop: <paramref name="concurrency"/> workers each Ask a Relay and wait for its RelayResult before
    /// the next, until <paramref name="maxMessages"/> were sent or <paramref name="maxDuration"/> passed.
    /// </summary>
    public async Task<LoopResult> RunAsync(SessionCommands.Relay relay, int concurrency, long maxMessages, TimeSpan maxDuration)
    {
        long issued = 0;
        var started = Stopwatch.GetTimestamp();
        var stopAt = maxDuration == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : started + (long)(maxDuration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<long>(1024);
            while (Interlocked.Increment(ref issued) <= maxMessages && Stopwatch.GetTimestamp() < stopAt)
            {
                var sent = Stopwatch.GetTimestamp();
                var reply = await Session.Ask<object>(relay, AskTimeout);
                latencies.Add(Stopwatch.GetTimestamp() - sent);
                if (reply is not RelayResult { Queued: true })
                    throw new InvalidOperationException($"expected a queued RelayResult, got {reply}");
            }

            return latencies;
        })).ToArray();
        var all = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var ticks = all.SelectMany(l => l).ToArray();
        Array.Sort(ticks);
        return new LoopResult(ticks.Length, elapsed, ticks.Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray());
    }

    /// <summary>An SDP offer-like body of exactly <paramref name="length"/> characters (ASCII, so as many bytes).</summary>
    public static string Body(int length)
    {
        const string sdp = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n" +
                           "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\nc=IN IP4 0.0.0.0\r\n" +
                           "a=candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 0.0.0.0 rport 0 generation 0\r\n";
        var builder = new StringBuilder(length + sdp.Length);
        while (builder.Length < length) builder.Append(sdp);
        return builder.ToString(0, length);
    }

    private static T Expect<T>(object reply) => reply is T t
        ? t
        : throw new InvalidOperationException($"expected {typeof(T).Name}, got {(reply is CommandRejected r ? r.ToString() : reply)}");
}

/// <summary>Messages answered, wall time, and every answer's latency in ms, sorted.</summary>
public sealed record LoopResult(int Messages, TimeSpan Elapsed, double[] SortedLatencyMs)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;

    public double Percentile(double p) => Stats.Percentile(SortedLatencyMs, p);
}

public static class Stats
{
    /// <summary>Nearest-rank percentile of sorted values (p in 0..100).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>"median (min–max)" in ms, or "—" when there are no runs.</summary>
    public static string MedianRange(IReadOnlyCollection<double> values, string format = "0.0") => values.Count == 0
        ? "—"
        : $"{Median(values).ToString(format, System.Globalization.CultureInfo.InvariantCulture)} " +
          $"({values.Min().ToString(format, System.Globalization.CultureInfo.InvariantCulture)}–{values.Max().ToString(format, System.Globalization.CultureInfo.InvariantCulture)})";
}
