using Akka.Actor;
using Akka.Event;
using SignalingAkka.Actors.Common;

namespace SignalingAkka.Actors.Sessions;

/// <summary>
/// Starts every open session that is not running, once when it starts and then every interval, so that grace
/// periods and expiry run after a crash, a restart or a shard's move although no client comes back. It runs once in
/// the cluster (a singleton) and wakes what the read model lists as open; a running session ignores the wake.
/// </summary>
/// <remarks>
/// This takes the place of sharding's remember-entities, which wrote two journal events for every session (started
/// and stopped) and held each new session's first message until the first was written. Sessions younger than one
/// interval are left to the next sweep: their records may not have reached the read model yet, and those that
/// ended meanwhile need no wake.
/// </remarks>
public sealed class SessionWaker : ReceiveActor, IWithTimers
{
    private const string SweepTimer = "sweep";

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stopped = new();
    private bool _sweeping;

    public SessionWaker(IActorRef sessions, IOpenSessions openSessions, TimeProvider clock, TimeSpan interval)
    {
        _interval = interval;
        Receive<Sweep>(_ =>
        {
            if (_sweeping) return;
            _sweeping = true;
            openSessions.StartedBeforeAsync(clock.GetUtcNow() - interval, _stopped.Token)
                .PipeTo(Self, success: ids => new Found(ids), failure: e => new Failed(e));
        });
        Receive<Found>(found =>
        {
            _sweeping = false;
            foreach (var sessionId in found.SessionIds) sessions.Tell(new SessionCommands.Wake(sessionId));
            if (found.SessionIds.Count > 0) _log.Debug("Woke {Count} open sessions", found.SessionIds.Count);
        });
        Receive<Failed>(failed =>
        {
            _sweeping = false;
            _log.Warning(failed.Cause, "Listing open sessions failed; the next sweep tries again");
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef sessions, IOpenSessions openSessions, TimeProvider clock, TimeSpan interval) =>
        ConstructorProps.For(() => new SessionWaker(sessions, openSessions, clock, interval));

    protected override void PreStart()
    {
        Self.Tell(Sweep.Instance);
        Timers.StartPeriodicTimer(SweepTimer, Sweep.Instance, _interval);
    }

    protected override void PostStop()
    {
        // A listing still running when the singleton moves or the node stops is abandoned, not awaited.
        _stopped.Cancel();
        _stopped.Dispose();
    }

    private sealed record Sweep
    {
        public static readonly Sweep Instance = new();
    }

    private sealed record Found(IReadOnlyList<string> SessionIds);

    private sealed record Failed(Exception Cause);
}
