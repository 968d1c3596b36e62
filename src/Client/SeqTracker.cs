using System.Collections.Concurrent;

namespace SignalingAkka.Client;

/// <summary>
/// The highest relayed <c>seq</c> seen per session: passed as <c>lastSeq</c> on rejoin, it gets
/// exactly the messages missed. Read from any thread while the receive loop writes.
/// </summary>
internal sealed class SeqTracker
{
    private readonly ConcurrentDictionary<string, long> _highest = new(StringComparer.Ordinal);

    /// <summary>0 when nothing was seen: seqs start at 1, so every held message is above it.</summary>
    public long LastSeq(string sessionId) => _highest.GetValueOrDefault(sessionId);

    /// <summary>Keeps the maximum: a redelivered or reordered lower seq must not move it back.</summary>
    public void Observe(string sessionId, long seq) =>
        _highest.AddOrUpdate(sessionId, seq, (_, current) => Math.Max(current, seq));

    /// <summary>An ended session cannot be rejoined, so its entry would only grow the map.</summary>
    public void Forget(string sessionId) => _highest.TryRemove(sessionId, out _);
}
