using Microsoft.Extensions.Logging;
using SignalingAkka.Protocol;

namespace SignalingAkka.Client;

/// <summary>
/// What lets a client come back from a dropped connection as if it had only been slow: the sessions
/// it is in, the highest seq seen per session (the <c>lastSeq</c> of a rejoin and the floor below
/// which a relayed message is a replayed duplicate), and the pass that rejoins every session, one
/// after another, once SignalR has reconnected.
/// Thread-safe: call results, server events and reconnect notifications arrive on different threads.
/// </summary>
internal sealed partial class SessionResumer(
    IRejoinTarget target, string ownFingerprint, Func<TimeSpan, CancellationToken, Task> delay, ILogger logger)
{
    private readonly SeqTracker _seqs = new();
    private readonly Lock _gate = new();
    private readonly List<string> _sessions = [];
    // The running pass and its cancellation. The sources are never disposed: they have no timer and
    // no linked token, so there is nothing to free, and a late Cancel can never hit a disposed one.
    private CancellationTokenSource _passCancellation = new();
    private Task _pass = Task.CompletedTask;

    /// <summary>The codes that mean the client is not in the session any more: a retry cannot help.</summary>
    public static bool MeansGone(string code) =>
        code is ErrorCodes.SessionEnded or ErrorCodes.NotInSession or ErrorCodes.SessionNotFound;

    /// <summary>The sessions the client is in, in the order it got into them.</summary>
    public IReadOnlyList<string> Sessions
    {
        get { lock (_gate) return _sessions.ToArray(); }
    }

    public long LastSeq(string sessionId) => _seqs.LastSeq(sessionId);

    /// <summary>A create, join or rejoin succeeded.</summary>
    public void Track(string sessionId)
    {
        lock (_gate)
        {
            if (!_sessions.Contains(sessionId, StringComparer.Ordinal)) _sessions.Add(sessionId);
        }
    }

    /// <summary>False when the session was not tracked (any more).</summary>
    public bool Untrack(string sessionId)
    {
        lock (_gate) return _sessions.Remove(sessionId);
    }

    public bool IsTracked(string sessionId)
    {
        lock (_gate) return _sessions.Contains(sessionId, StringComparer.Ordinal);
    }

    public void OnSessionEnded(string sessionId)
    {
        Untrack(sessionId);
        _seqs.Forget(sessionId);
    }

    /// <summary>The server removed this client itself (e.g. <c>TIMEOUT</c> after the grace period).</summary>
    public void OnPeerLeft(PeerLeftEvent peerLeft)
    {
        if (string.Equals(peerLeft.Fingerprint, ownFingerprint, StringComparison.Ordinal))
            Untrack(peerLeft.SessionId);
    }

    /// <summary>
    /// Records a relayed message's seq; false when it is at or below one already seen, a duplicate
    /// (a rejoin replays what the server cannot know arrived) that the application must not see again.
    /// </summary>
    public bool TryDeliver(string sessionId, long seq) => _seqs.TryAdvance(sessionId, seq);

    /// <summary>
    /// Rejoins every tracked session, one after another. A pass still running (from an earlier
    /// reconnect) is cancelled and finishes before this one starts, so rejoins never overlap.
    /// The task completes when the pass is done or cancelled; it never faults.
    /// </summary>
    public Task RejoinAllAsync()
    {
        var cancellation = new CancellationTokenSource();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationTokenSource previousCancellation;
        Task previous;
        lock (_gate)
        {
            (previousCancellation, previous) = (_passCancellation, _pass);
            (_passCancellation, _pass) = (cancellation, done.Task);
        }

        previousCancellation.Cancel();
        return RunPassAsync(previous, cancellation.Token, done);
    }

    /// <summary>Stops a running pass (the connection closed for good, or the client is disposed).</summary>
    public void CancelRejoins()
    {
        CancellationTokenSource current;
        lock (_gate) current = _passCancellation;
        current.Cancel();
    }

    private async Task RunPassAsync(Task previous, CancellationToken ct, TaskCompletionSource done)
    {
        try
        {
            await previous.ConfigureAwait(false);
            foreach (var sessionId in Sessions)
                await RejoinAsync(sessionId, ct).ConfigureAwait(false);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // A newer pass, or the close, takes over.
        }
        catch (Exception e)
        {
            LogPassFailed(logger, e);
        }
        finally
        {
            done.SetResult();
        }
    }

    /// <summary>Tries until the session is rejoined or lost, the app leaves it, or the connection drops.</summary>
    private async Task RejoinAsync(string sessionId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            if (!IsTracked(sessionId) || !target.IsConnected) return;
            if (await TryRejoinAsync(sessionId, ct).ConfigureAwait(false)) return;
            await delay(RejoinBackoff.Delay(attempt), ct).ConfigureAwait(false);
        }
    }

    /// <summary>True when the session has an outcome (rejoined or lost), false to try again.</summary>
    private async Task<bool> TryRejoinAsync(string sessionId, CancellationToken ct)
    {
        SessionInfo session;
        try
        {
            session = await target.RejoinAsync(sessionId, _seqs.LastSeqOrNull(sessionId), ct).ConfigureAwait(false);
        }
        catch (SignalingException e) when (MeansGone(e.Code))
        {
            await LoseAsync(sessionId, e.Code).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogRejoinFailed(logger, sessionId, e);
            return false;
        }

        await RejoinedAsync(session).ConfigureAwait(false);
        return true;
    }

    private async Task RejoinedAsync(SessionInfo session)
    {
        // Left or ended while the call was under way: the app has been told, and must not be told otherwise.
        if (!IsTracked(session.SessionId)) return;
        LogRejoined(logger, session.SessionId, session.Redelivered);
        await NotifyAsync(target.OnSessionRejoinedAsync, session).ConfigureAwait(false);
    }

    private async Task LoseAsync(string sessionId, string code)
    {
        // Already untracked: the app left it or got SessionEnded, and needs no second word.
        if (!Untrack(sessionId)) return;
        // NOT_IN_SESSION keeps the seqs: the session lives and a later join continues its numbering.
        if (code is not ErrorCodes.NotInSession) _seqs.Forget(sessionId);
        LogLost(logger, sessionId, code);
        await NotifyAsync(target.OnSessionLostAsync, new SessionLostEvent(sessionId, code)).ConfigureAwait(false);
    }

    /// <summary>An application handler that throws must not keep the other sessions from coming back.</summary>
    private async Task NotifyAsync<T>(Func<T, Task> handler, T payload)
    {
        try
        {
            await handler(payload).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogHandlerFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejoining session {SessionId} failed; trying again after a backoff")]
    private static partial void LogRejoinFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejoined session {SessionId}; {Redelivered} messages redelivered")]
    private static partial void LogRejoined(ILogger logger, string sessionId, int redelivered);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} was lost while disconnected: {Code}")]
    private static partial void LogLost(ILogger logger, string sessionId, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "A SessionRejoined or SessionLost handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The rejoin pass stopped unexpectedly")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
