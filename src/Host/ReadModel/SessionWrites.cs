using LinqToDB;
using LinqToDB.Data;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// Rows of session_history and session_participants for the session records, each inside the caller's
/// transaction. Start, join, leave and end run the plain SQL of <see cref="SessionStatements"/>: linq2db
/// would build and translate an expression tree on every call.
/// </summary>
public static class SessionWrites
{
    /// <summary>Runs the record's statements in order; a statement that changes no row is checked for what that means.</summary>
    public static async Task RunAsync(DataConnection db, IReadOnlyList<SessionStatement> statements, CancellationToken ct)
    {
        var sql = new SqlValues(db);
        foreach (var statement in statements)
        {
            var changed = await db.ExecuteAsync(statement.Sql, ct, statement.Values.Select(sql.Of).ToArray());
            if (changed > 0) continue;
            switch (statement.NoRow)
            {
                case WhenNoRow.CheckDevice:
                    await DeviceWrites.IdOfAsync(db, statement.Subject, ct); // the row was there, or no such device
                    break;
                case WhenNoRow.SessionMissing:
                    throw MissingSession(statement.Subject);
            }
        }
    }

    /// <summary>The new hub's open row becomes HUB and the previous hub's GUEST; the host stays HOST either way.</summary>
    public static async Task MigrateHubAsync(DataConnection db, HubMigrated record, CancellationToken ct)
    {
        var sessionId = RecordValues.Id(record.SessionId, nameof(record.SessionId));
        var host = nameof(ParticipantRole.HOST);
        var hub = nameof(ParticipantRole.HUB);
        var guest = nameof(ParticipantRole.GUEST);

        if (record.PreviousHubFingerprint is { } previousFingerprint && previousFingerprint != record.NewHubFingerprint)
        {
            var previousId = await DeviceWrites.IdOfAsync(db, previousFingerprint, ct);
            await OpenRows(db, sessionId).Where(p => p.DeviceId == previousId && p.Role != host)
                .Set(p => p.Role, guest).UpdateAsync(ct);
        }

        var newHubId = await DeviceWrites.IdOfAsync(db, record.NewHubFingerprint, ct);
        await OpenRows(db, sessionId).Where(p => p.DeviceId == newHubId && p.Role != host)
            .Set(p => p.Role, hub).UpdateAsync(ct);
        await UpdateSessionAsync(db, sessionId,
            sessions => sessions.Set(s => s.HubMigrationCount, record.HubMigrationCount), ct);
    }

    private static MissingReferenceException MissingSession(object sessionId) =>
        new($"session {sessionId} is not in session_history");

    private static IQueryable<SessionParticipantRow> OpenRows(DataConnection db, Guid sessionId) =>
        db.GetTable<SessionParticipantRow>().Where(p => p.SessionId == sessionId && p.LeftAt == null);

    /// <summary>Updates the session's row; a session that is not there is a missing reference.</summary>
    private static async Task UpdateSessionAsync(DataConnection db, Guid sessionId,
        Func<IQueryable<SessionHistoryRow>, LinqToDB.Linq.IUpdatable<SessionHistoryRow>> set, CancellationToken ct)
    {
        var updated = await set(db.GetTable<SessionHistoryRow>().Where(s => s.Id == sessionId)).UpdateAsync(ct);
        if (updated == 0) throw MissingSession(sessionId);
    }
}
