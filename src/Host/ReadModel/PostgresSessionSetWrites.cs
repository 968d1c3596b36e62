using Npgsql;
using NpgsqlTypes;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// Writes a folded run of session records (<see cref="FoldedSessionWrites"/>) to PostgreSQL with one statement per
/// set of rows, each taking its rows as arrays (<c>unnest</c>), all in one round trip inside the caller's transaction.
/// Leaves and closes of rows written before the run go before the run's own participant rows, so a device that
/// left and joined again keeps its new row open. Every set but the closes must change exactly one row per entry;
/// when one does not (a missing device or session, a row already there), the caller rolls back and writes the
/// records one by one, where that outcome is looked into.
/// </summary>
/// <remarks>
/// Each update also names its keys with <c>= ANY($1)</c>: joined with <c>unnest</c> alone, PostgreSQL hashes the
/// array and scans the whole table, which grows with every session.
/// </remarks>
public static class PostgresSessionSetWrites
{
    private const string InsertSessionsSql = """
        INSERT INTO session_history (id, session_type, host_device_id, host_user_id, license_tier, participant_count,
            hub_migration_count, total_bytes_relayed, started_at, end_reason, ended_at, duration_seconds)
        SELECT s.id, s.session_type, d.id, s.host_user_id, s.license_tier, s.participant_count,
            s.hub_migration_count, 0, s.started_at, s.end_reason, s.ended_at, s.duration_seconds
        FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::integer[], $7::integer[],
                    $8::timestamptz[], $9::text[], $10::timestamptz[], $11::integer[])
            AS s(id, session_type, fingerprint, host_user_id, license_tier, participant_count, hub_migration_count,
                 started_at, end_reason, ended_at, duration_seconds)
        JOIN device_fingerprints d ON d.fingerprint = s.fingerprint
        ON CONFLICT (id) DO NOTHING
        """;

    private const string LeaveSql = """
        UPDATE session_participants p SET left_at = l.left_at
        FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS l(session_id, fingerprint, left_at)
        JOIN device_fingerprints d ON d.fingerprint = l.fingerprint
        WHERE p.session_id = ANY($1) AND p.session_id = l.session_id AND p.device_id = d.id AND p.left_at IS NULL
        """;

    private const string CloseSql = """
        UPDATE session_participants p SET left_at = c.ended_at
        FROM unnest($1::uuid[], $2::timestamptz[]) AS c(session_id, ended_at)
        WHERE p.session_id = ANY($1) AND p.session_id = c.session_id AND p.left_at IS NULL
        """;

    private const string InsertParticipantsSql = """
        INSERT INTO session_participants (session_id, device_id, role, is_licensed, capability_score, joined_at, left_at)
        SELECT p.session_id, d.id, p.role, p.is_licensed, p.capability_score, p.joined_at, p.left_at
        FROM unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[], $5::integer[], $6::timestamptz[], $7::timestamptz[])
            AS p(session_id, fingerprint, role, is_licensed, capability_score, joined_at, left_at)
        JOIN device_fingerprints d ON d.fingerprint = p.fingerprint
        ON CONFLICT (session_id, device_id, joined_at) DO NOTHING
        """;

    private const string CountSql = """
        UPDATE session_history s SET participant_count = c.participant_count
        FROM unnest($1::uuid[], $2::integer[]) AS c(id, participant_count)
        WHERE s.id = ANY($1) AND s.id = c.id
        """;

    private const string EndSql = """
        UPDATE session_history s SET end_reason = e.end_reason, ended_at = e.ended_at, duration_seconds = e.duration_seconds,
            participant_count = e.participant_count, hub_migration_count = e.hub_migration_count
        FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::integer[], $5::integer[], $6::integer[])
            AS e(id, end_reason, ended_at, duration_seconds, participant_count, hub_migration_count)
        WHERE s.id = ANY($1) AND s.id = e.id
        """;

    /// <summary>True when every set changed one row per entry (the closes any number).</summary>
    public static async Task<bool> TryRunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        FoldedSessionWrites writes, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var expected = new List<int?>(6);

        Add(writes.Sessions, InsertSessionsSql, rows =>
        [
            Array(rows, r => r.Id), Array(rows, r => r.SessionType), Array(rows, r => r.HostFingerprint),
            Array(rows, r => r.HostUserId), Array(rows, r => r.LicenseTier), Array(rows, r => r.ParticipantCount),
            Array(rows, r => r.HubMigrationCount), Array(rows, r => r.StartedAt), Array(rows, r => r.EndReason),
            Array(rows, r => r.EndedAt), Array(rows, r => r.DurationSeconds),
        ]);
        Add(writes.Leaves, LeaveSql, rows =>
            [Array(rows, r => r.SessionId), Array(rows, r => r.Fingerprint), Array(rows, r => r.LeftAt)]);
        Add(writes.Closes, CloseSql, rows => [Array(rows, r => r.SessionId), Array(rows, r => r.EndedAt)], anyCount: true);
        Add(writes.Participants, InsertParticipantsSql, rows =>
        [
            Array(rows, r => r.SessionId), Array(rows, r => r.Fingerprint), Array(rows, r => r.Role),
            Array(rows, r => r.IsLicensed), Array(rows, r => r.CapabilityScore), Array(rows, r => r.JoinedAt),
            Array(rows, r => r.LeftAt),
        ]);
        Add(writes.Counts, CountSql, rows => [Array(rows, r => r.SessionId), Array(rows, r => r.ParticipantCount)]);
        Add(writes.Ends, EndSql, rows =>
        [
            Array(rows, r => r.SessionId), Array(rows, r => r.EndReason), Array(rows, r => r.EndedAt),
            Array(rows, r => r.DurationSeconds), Array(rows, r => r.ParticipantCount), Array(rows, r => r.HubMigrationCount),
        ]);

        if (batch.BatchCommands.Count == 0) return true;
        await batch.ExecuteNonQueryAsync(ct);
        for (var i = 0; i < expected.Count; i++)
            if (expected[i] is { } rows && batch.BatchCommands[i].RecordsAffected != rows)
                return false;
        return true;

        void Add<T>(IReadOnlyList<T> rows, string sql, Func<IReadOnlyList<T>, NpgsqlParameter[]> parameters, bool anyCount = false)
        {
            if (rows.Count == 0) return;
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddRange(parameters(rows));
            batch.BatchCommands.Add(command);
            expected.Add(anyCount ? null : rows.Count);
        }
    }

    // Positional parameters ($1, $2, ...) with the array's element type inferred by Npgsql from the CLR type.
    private static NpgsqlParameter Array<TRow, TValue>(IReadOnlyList<TRow> rows, Func<TRow, TValue> value)
    {
        var values = new TValue[rows.Count];
        for (var i = 0; i < values.Length; i++) values[i] = value(rows[i]);
        return new NpgsqlParameter<TValue[]> { TypedValue = values };
    }
}
