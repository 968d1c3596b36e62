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
            Column(rows, r => r.Id), Column(rows, r => r.SessionType), Column(rows, r => r.HostFingerprint),
            Column(rows, r => r.HostUserId), Column(rows, r => r.LicenseTier), Column(rows, r => r.ParticipantCount),
            Column(rows, r => r.HubMigrationCount), Column(rows, r => r.StartedAt), Column(rows, r => r.EndReason),
            Column(rows, r => r.EndedAt), Column(rows, r => r.DurationSeconds),
        ]);
        Add(writes.Leaves, LeaveSql, rows =>
            [Column(rows, r => r.SessionId), Column(rows, r => r.Fingerprint), Column(rows, r => r.LeftAt)]);
        Add(writes.Closes, CloseSql, rows => [Column(rows, r => r.SessionId), Column(rows, r => r.EndedAt)], anyCount: true);
        Add(writes.Participants, InsertParticipantsSql, rows =>
        [
            Column(rows, r => r.SessionId), Column(rows, r => r.Fingerprint), Column(rows, r => r.Role),
            Column(rows, r => r.IsLicensed), Column(rows, r => r.CapabilityScore), Column(rows, r => r.JoinedAt),
            Column(rows, r => r.LeftAt),
        ]);
        Add(writes.Counts, CountSql, rows => [Column(rows, r => r.SessionId), Column(rows, r => r.ParticipantCount)]);
        Add(writes.Ends, EndSql, rows =>
        [
            Column(rows, r => r.SessionId), Column(rows, r => r.EndReason), Column(rows, r => r.EndedAt),
            Column(rows, r => r.DurationSeconds), Column(rows, r => r.ParticipantCount), Column(rows, r => r.HubMigrationCount),
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

    // One column of the rows as an array parameter, positional ($1, $2, ...); Npgsql infers the element type from the CLR type.
    private static NpgsqlParameter Column<TRow, TValue>(IReadOnlyList<TRow> rows, Func<TRow, TValue> value)
    {
        var values = new TValue[rows.Count];
        for (var i = 0; i < values.Length; i++) values[i] = value(rows[i]);
        return new NpgsqlParameter<TValue[]> { TypedValue = values };
    }
}
