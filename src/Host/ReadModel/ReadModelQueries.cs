using LinqToDB;
using LinqToDB.Async;

namespace SignalingAkka.Host.ReadModel;

/// <summary>Read side of the read model, for tests and the admin API.</summary>
public sealed class ReadModelQueries(ReadModelDatabase database)
{
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
