using System.Collections.Concurrent;

namespace SignalingAkka.Client;

/// <summary>
/// The highest relayed <c>seq</c> seen per session: passed as <c>lastSeq</c> on rejoin, it gets
/// exactly the messages missed, and as the floor below which a message is a replayed duplicate.
/// Read from any thread while the receive loop writes.
/// </summary>
internal sealed class SeqTracker
{
    private readonly ConcurrentDictionary<string, long> _highest = new(StringComparer.Ordinal);

    /// <summary>0 when nothing was seen: seqs start at 1, so every held message is above it.</summary>
    public long LastSeq(string sessionId) => _highest.GetValueOrDefault(sessionId);

    /// <summary>The highest seq seen, or null when none was: a rejoin then leaves <c>lastSeq</c> absent.</summary>
    public long? LastSeqOrNull(string sessionId) => _highest.TryGetValue(sessionId, out var seq) ? seq : null;

    /// <summary>Keeps the maximum: a redelivered or reordered lower seq must not move it back.</summary>
    public void Observe(string sessionId, long seq) => _ = TryAdvance(sessionId, seq);

    /// <summary>
    /// Moves the session to <paramref name="seq"/> when it is above everything seen; false when it is
    /// not, i.e. the message was already seen (the server sends each recipient's seqs in increasing order).
    /// </summary>
    public bool TryAdvance(string sessionId, long seq)
    {
        while (true)
        {
            if (!_highest.TryGetValue(sessionId, out var current))
            {
                if (_highest.TryAdd(sessionId, seq)) return true;
            }
            else if (seq <= current)
            {
                return false;
            }
            else if (_highest.TryUpdate(sessionId, seq, current))
            {
                return true;
            }
        }
    }

    /// <summary>An ended session cannot be rejoined, so its entry would only grow the map.</summary>
    public void Forget(string sessionId) => _highest.TryRemove(sessionId, out _);
}
