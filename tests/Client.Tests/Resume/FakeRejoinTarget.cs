using SignalingAkka.Protocol;

namespace SignalingAkka.Client.Tests.Resume;

/// <summary>
/// A connection and application for <see cref="SessionResumer"/>: records every rejoin call and what
/// the app was told; each session's calls throw the queued failures first, then succeed.
/// </summary>
internal sealed class FakeRejoinTarget : IRejoinTarget
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<Exception>> _failures = new(StringComparer.Ordinal);
    private readonly List<(string SessionId, long? LastSeq)> _calls = [];
    private readonly List<SessionInfo> _rejoined = [];
    private readonly List<SessionLostEvent> _lost = [];
    private int _inFlight;

    public bool IsConnected { get; set; } = true;

    /// <summary>Runs inside each call before its outcome, e.g. to replay messages or to block.</summary>
    public Func<string, CancellationToken, Task> DuringCall { get; set; } = (_, _) => Task.CompletedTask;

    public Func<SessionInfo, Task> RejoinedHandler { get; set; } = _ => Task.CompletedTask;

    /// <summary>True once two rejoin calls were under way at the same time.</summary>
    public bool Overlapped { get; private set; }

    public IReadOnlyList<(string SessionId, long? LastSeq)> Calls
    {
        get { lock (_gate) return _calls.ToArray(); }
    }

    public IReadOnlyList<string> Rejoined
    {
        get { lock (_gate) return _rejoined.Select(s => s.SessionId).ToArray(); }
    }

    public IReadOnlyList<SessionLostEvent> Lost
    {
        get { lock (_gate) return _lost.ToArray(); }
    }

    public void Fail(string sessionId, params Exception[] failures)
    {
        lock (_gate) _failures[sessionId] = new Queue<Exception>(failures);
    }

    public async Task<SessionInfo> RejoinAsync(string sessionId, long? lastSeq, CancellationToken ct)
    {
        lock (_gate) _calls.Add((sessionId, lastSeq));
        if (Interlocked.Increment(ref _inFlight) > 1) Overlapped = true;
        try
        {
            await DuringCall(sessionId, ct);
            lock (_gate)
            {
                if (_failures.TryGetValue(sessionId, out var failures) && failures.TryDequeue(out var failure))
                    throw failure;
            }
            return Session(sessionId);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async Task OnSessionRejoinedAsync(SessionInfo session)
    {
        lock (_gate) _rejoined.Add(session);
        await RejoinedHandler(session);
    }

    public Task OnSessionLostAsync(SessionLostEvent lost)
    {
        lock (_gate) _lost.Add(lost);
        return Task.CompletedTask;
    }

    public static SessionInfo Session(string sessionId) => new(
        sessionId, "AVNE-2345-6789", "CALL", "star", "PRO", 10, true, "host", "host", "active",
        "2026-01-02T03:04:05Z", null, [], 0);
}
