using LinqToDB;
using LinqToDB.Async;
using SignalingAkka.Actors.Sessions;

namespace SignalingAkka.Host.ReadModel;

/// <summary>Read side of the read model: the sessions to wake, tests and the admin API.</summary>
public sealed class ReadModelQueries(ReadModelDatabase database) : IOpenSessions
{
    public async Task<IReadOnlyList<string>> StartedBeforeAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var db = database.Connect();
        var open = await db.GetTable<SessionHistoryRow>().Where(s => s.EndedAt == null)
            .Select(s => new { s.Id, s.StartedAt }).ToListAsync(ct);
        // Compared here rather than in SQL, for the reason given in ParticipantsAsync.
        return open.Where(s => s.StartedAt < before).Select(s => s.Id.ToString()).ToList();
    }

    public async Task<SessionHistoryRow?> SessionAsync(Guid sessionId, CancellationToken ct)
    {
        await using var db = database.Connect();
        var rows = await db.GetTable<SessionHistoryRow>().Where(s => s.Id == sessionId).ToListAsync(ct);
        return rows.SingleOrDefault();
    }

    /// <summary>Every participant row of the session (a device that rejoined has several), in joining order.</summary>
    public async Task<IReadOnlyList<SessionParticipantRow>> ParticipantsAsync(Guid sessionId, CancellationToken ct)
    {
        await using var db = database.Connect();
        var rows = await db.GetTable<SessionParticipantRow>().Where(p => p.SessionId == sessionId).ToListAsync(ct);
        // Ordered here rather than in SQL: SQLite keeps times as text and linq2db would compare
        // them through strftime, which cuts them to milliseconds.
        return rows.OrderBy(p => p.JoinedAt).ThenBy(p => p.DeviceId).ToList();
    }

    public async Task<DeviceFingerprintRow?> DeviceAsync(string fingerprint, CancellationToken ct)
    {
        await using var db = database.Connect();
        var rows = await db.GetTable<DeviceFingerprintRow>().Where(d => d.Fingerprint == fingerprint).ToListAsync(ct);
        return rows.SingleOrDefault();
    }
}
