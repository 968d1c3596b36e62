using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Host.ReadModel;
using SignalingAkka.Protocol;

namespace SignalingAkka.Integration.Tests.ReadModel;

/// <summary>
/// What both providers must do alike: the schema the migrations create, the rows the writer makes
/// of a session's records, and the failure policy. Subclasses supply a fresh database per test
/// and the provider's catalogue queries.
/// </summary>
public abstract class ReadModelContract
{
    protected static readonly ReadModelWriterOptions FastRetries = new()
    {
        InitialRetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        MissingReferenceAttempts = 3,
    };

    /// <summary>A new empty database, not yet migrated.</summary>
    protected abstract Task<ReadModelDatabase> CreateDatabaseAsync();

    /// <summary>A database that cannot be reached yet, and the step that makes it reachable (still empty).</summary>
    protected abstract Task<(ReadModelDatabase Database, Func<Task> MakeReachable)> CreateUnreachableDatabaseAsync();

    protected abstract Task<DbConnection> OpenAsync(ReadModelDatabase database);

    protected abstract Task<IReadOnlyList<string>> TablesAsync(ReadModelDatabase database);

    protected abstract Task<IReadOnlyList<ColumnInfo>> ColumnsAsync(ReadModelDatabase database, string table);

    /// <summary>Index name → its CREATE INDEX text, for the indexes the migrations name.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> IndexesAsync(ReadModelDatabase database);

    protected abstract Task<IReadOnlyList<ForeignKeySpec>> ForeignKeysAsync(ReadModelDatabase database);

    protected abstract string ExpectedType(ColumnSpec column);

    [Fact]
    public async Task Migrations_create_every_table_column_index_and_foreign_key()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);

        var tables = await TablesAsync(database);
        Assert.All(ExpectedSchema.Tables, table => Assert.Contains(table, tables));
        Assert.Contains(ReadModelMigrator.JournalTable, tables);

        foreach (var table in ExpectedSchema.Tables)
        {
            var expected = ExpectedSchema.Columns.Where(c => c.Table == table)
                .Select(c => new ColumnInfo(c.Name, ExpectedType(c), c.Nullable));
            Assert.Equal(expected, await ColumnsAsync(database, table));
        }

        var indexes = await IndexesAsync(database);
        foreach (var index in ExpectedSchema.Indexes)
        {
            Assert.True(indexes.TryGetValue(index.Name, out var definition), $"index {index.Name} is missing");
            Assert.Contains(index.Table, definition);
            Assert.Contains($"({index.Columns})", definition);
            Assert.Equal(index.Unique, definition.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase));
        }

        Assert.Equal(
            ExpectedSchema.ForeignKeys.OrderBy(k => k.Table).ThenBy(k => k.Column),
            (await ForeignKeysAsync(database)).OrderBy(k => k.Table).ThenBy(k => k.Column));
    }

    [Fact]
    public async Task Migrations_run_twice_apply_once_and_are_recorded_in_the_journal()
    {
        var database = await CreateDatabaseAsync();
        var migrator = new ReadModelMigrator(database, NullLogger<ReadModelMigrator>.Instance);
        var scripts = migrator.ScriptNames();
        Assert.NotEmpty(scripts);
        Assert.EndsWith("0001_signaling_tables.sql", scripts[0]);

        Assert.Equal(scripts, await migrator.MigrateAsync(CancellationToken.None));
        Assert.Empty(await migrator.MigrateAsync(CancellationToken.None));

        var journal = await QueryAsync(database, $"SELECT scriptname FROM {ReadModelMigrator.JournalTable}");
        Assert.Equal(scripts, journal.Select(row => (string)row[0]!));
    }

    [Fact]
    public async Task Constraints_and_defaults_hold()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);
        string deviceA = Id(), deviceB = Id(), session = Id(), at = Time(ScriptedSession.T0);

        await ExecuteAsync(database,
            $"INSERT INTO device_fingerprints (id, fingerprint, public_key) VALUES ('{deviceA}', 'fp-a', 'key-a')",
            $"INSERT INTO device_fingerprints (id, fingerprint, public_key) VALUES ('{deviceB}', 'fp-b', 'key-b')",
            $"INSERT INTO device_pairings (id, device_a_id, device_b_id, shared_secret) VALUES ('{Id()}', '{deviceA}', '{deviceB}', 'aa')",
            $"INSERT INTO session_history (id, session_type, host_device_id, license_tier, started_at) VALUES ('{session}', 'CALL', '{deviceA}', 'FREE', '{at}')",
            $"INSERT INTO session_participants (session_id, device_id, role, joined_at) VALUES ('{session}', '{deviceB}', 'GUEST', '{at}')",
            "INSERT INTO licenses (token, tier) VALUES ('license-1', 'ENTERPRISE')");

        // Defaults: not blocked, nothing relayed yet, created_at filled in, pairing active.
        var device = await new ReadModelQueries(database).DeviceAsync("fp-a", CancellationToken.None);
        Assert.NotNull(device);
        Assert.False(device.IsBlocked);
        Assert.True(device.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
        var sessionRow = await new ReadModelQueries(database).SessionAsync(Guid.Parse(session), CancellationToken.None);
        Assert.Equal(0, sessionRow!.TotalBytesRelayed);
        Assert.Equal("active", (await QueryAsync(database, "SELECT status FROM device_pairings"))[0][0]);

        var permanent = new[]
        {
            $"INSERT INTO device_fingerprints (id, fingerprint, public_key) VALUES ('{Id()}', 'fp-a', 'again')",
            $"INSERT INTO device_pairings (id, device_a_id, device_b_id, shared_secret) VALUES ('{Id()}', '{deviceA}', '{deviceB}', 'bb')",
            $"INSERT INTO device_pairings (id, device_a_id, device_b_id, shared_secret, status) VALUES ('{Id()}', '{deviceB}', '{deviceA}', 'cc', 'pending')",
            "INSERT INTO licenses (token, tier) VALUES ('license-2', 'GOLD')",
            $"INSERT INTO session_participants (session_id, device_id, role, joined_at) VALUES ('{session}', '{deviceB}', 'SPOKE', '{at}')",
        };
        foreach (var statement in permanent)
            Assert.Equal(WriteFailureKind.Permanent, WriteFailures.Classify(await FailsAsync(database, statement)));

        var missingSession =
            $"INSERT INTO session_participants (session_id, device_id, role, joined_at) VALUES ('{Id()}', '{deviceB}', 'GUEST', '{at}')";
        Assert.Equal(WriteFailureKind.MissingReference, WriteFailures.Classify(await FailsAsync(database, missingSession)));

        // The same device joining again at another time is a second row.
        await ExecuteAsync(database,
            $"INSERT INTO session_participants (session_id, device_id, role, joined_at) VALUES ('{session}', '{deviceB}', 'GUEST', '{Time(ScriptedSession.At(5))}')");
        Assert.Equal(2, (await new ReadModelQueries(database).ParticipantsAsync(Guid.Parse(session), CancellationToken.None)).Count);

        // Cascades: a session takes its participants along, a device its pairings.
        await ExecuteAsync(database, $"DELETE FROM session_history WHERE id = '{session}'", $"DELETE FROM device_fingerprints WHERE id = '{deviceB}'");
        Assert.Empty(await QueryAsync(database, "SELECT session_id FROM session_participants"));
        Assert.Empty(await QueryAsync(database, "SELECT id FROM device_pairings"));
    }

    [Fact]
    public async Task Writer_turns_a_session_into_exactly_the_expected_rows()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);
        var script = new ScriptedSession();
        var records = script.Records();
        var (writer, metrics, log) = NewWriter(database);

        await writer.StartAsync(CancellationToken.None);
        foreach (var record in records) writer.Record(record);
        await StopAsync(writer);

        Assert.Equal(records.Count, metrics.Written.Value);
        Assert.Equal(0, metrics.Retries.Value);
        Assert.Equal(0, metrics.Dropped.Value);
        Assert.Equal(0, metrics.QueueLength.Value);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
        await AssertScriptedRowsAsync(database, script);
    }

    [Fact]
    public async Task Records_queued_before_the_writer_starts_are_written_together_in_one_transaction()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);
        var script = new ScriptedSession();
        var records = script.Records();
        var (writer, metrics, log) = NewWriter(database);

        foreach (var record in records) writer.Record(record); // all queued: the loop takes them as one batch
        await writer.StartAsync(CancellationToken.None);
        await StopAsync(writer);

        Assert.Equal(records.Count, metrics.Written.Value);
        Assert.Equal(0, metrics.Retries.Value);
        Assert.Equal(0, metrics.Dropped.Value);
        Assert.Equal(0, metrics.QueueLength.Value);
        Assert.DoesNotContain(log.Entries, e => e.EventId.Id == BatchFailedEventId);
        await AssertScriptedRowsAsync(database, script);
    }

    [Fact]
    public async Task A_failing_record_in_a_batch_loses_nothing_else_and_is_retried_on_its_own()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);
        var script = new ScriptedSession();
        var records = script.Records().ToList();
        var orphanJoin = new ParticipantJoinedSession(Guid.NewGuid().ToString(), script.Alice.Fingerprint,
            ParticipantRole.GUEST, false, 10, ScriptedSession.At(5), 1);
        records.Insert(records.Count / 2, orphanJoin); // fails the batch's transaction on its foreign key
        var (writer, metrics, log) = NewWriter(database);

        foreach (var record in records) writer.Record(record);
        await writer.StartAsync(CancellationToken.None);
        await StopAsync(writer);

        // The batch rolled back as a whole; written one by one, every record but the orphan landed, and the
        // orphan had its attempts before it was dropped.
        Assert.Single(log.Entries, e => e.EventId.Id == BatchFailedEventId);
        Assert.Equal(records.Count - 1, metrics.Written.Value);
        Assert.Equal(1, metrics.Dropped.Value);
        Assert.Equal(FastRetries.MissingReferenceAttempts - 1, metrics.Retries.Value);
        Assert.Equal(0, metrics.QueueLength.Value);
        Assert.Contains(log.At(LogLevel.Error), e => e.Message.Contains(orphanJoin.SessionId, StringComparison.Ordinal));
        await AssertScriptedRowsAsync(database, script);
    }

    [Fact]
    public async Task A_batch_that_fails_while_the_database_is_unreachable_is_written_once_it_is_back()
    {
        var (database, makeReachable) = await CreateUnreachableDatabaseAsync();
        var script = new ScriptedSession();
        var records = script.Records();
        var (writer, metrics, _) = NewWriter(database);

        foreach (var record in records) writer.Record(record);
        await writer.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => metrics.Retries.Value >= 2, "two retries");
        Assert.Equal(0, metrics.Written.Value);

        await makeReachable();
        await MigrateAsync(database);
        await Eventually.TrueAsync(() => metrics.Written.Value == records.Count, "every record written");
        await StopAsync(writer);

        Assert.Equal(0, metrics.Dropped.Value);
        await AssertScriptedRowsAsync(database, script);
    }

    [Fact]
    public async Task Records_written_twice_leave_the_same_rows()
    {
        // A commit whose answer was lost is retried: every record must be safe to apply again.
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);
        var script = new ScriptedSession();
        var applier = new RecordApplier(database);
        foreach (var record in script.Records())
        {
            await applier.ApplyAsync(record, CancellationToken.None);
            await applier.ApplyAsync(record, CancellationToken.None);
        }

        await AssertScriptedRowsAsync(database, script);
    }

    [Fact]
    public async Task A_write_that_fails_while_the_database_is_unreachable_is_retried_until_it_lands()
    {
        var (database, makeReachable) = await CreateUnreachableDatabaseAsync();
        var script = new ScriptedSession();
        var records = script.Records();
        var (writer, metrics, log) = NewWriter(database);

        await writer.StartAsync(CancellationToken.None);
        foreach (var record in records) writer.Record(record);
        await Eventually.TrueAsync(() => metrics.Retries.Value >= 3, "three retries");
        Assert.Equal(0, metrics.Written.Value);

        await makeReachable();
        await MigrateAsync(database);
        await Eventually.TrueAsync(() => metrics.Written.Value == records.Count, "every record written");
        await StopAsync(writer);

        Assert.Equal(0, metrics.Dropped.Value);
        var retried = log.At(LogLevel.Warning);
        Assert.NotEmpty(retried);
        Assert.All(retried, entry =>
        {
            Assert.Contains(nameof(DeviceUpserted), entry.Message); // the first record waits, the rest behind it
            Assert.Contains("attempt", entry.Message);
        });
        await AssertScriptedRowsAsync(database, script);
    }

    [Fact]
    public async Task A_record_that_can_never_be_written_is_logged_and_skipped_and_later_records_land()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);
        var script = new ScriptedSession();
        var neverStarted = Guid.NewGuid().ToString();
        var orphanJoin = new ParticipantJoinedSession(neverStarted, script.Alice.Fingerprint, ParticipantRole.GUEST, false, 10,
            ScriptedSession.At(5), 1);
        var clashingDevice = script.Bob.Upserted(ScriptedSession.At(6)) with { Fingerprint = new string('f', 64) };
        var malformed = script.Bob.Upserted(ScriptedSession.At(7)) with { DeviceId = "not-a-uuid" };
        var (writer, metrics, log) = NewWriter(database);

        await writer.StartAsync(CancellationToken.None);
        writer.Record(script.Alice.Upserted(ScriptedSession.At(0)));
        writer.Record(script.Bob.Upserted(ScriptedSession.At(0)));
        writer.Record(orphanJoin);        // foreign key: retried a few times, then dropped
        writer.Record(clashingDevice);    // Bob's id under another fingerprint: primary key, dropped at once
        writer.Record(malformed);         // not a uuid: dropped at once
        writer.Record(new DeviceSeen(script.Alice.Fingerprint, ScriptedSession.At(8)));
        await StopAsync(writer);

        Assert.Equal(3, metrics.Written.Value);
        Assert.Equal(3, metrics.Dropped.Value);
        Assert.Equal(FastRetries.MissingReferenceAttempts - 1, metrics.Retries.Value);

        var errors = log.At(LogLevel.Error);
        Assert.Equal(3, errors.Count);
        Assert.Contains(neverStarted, errors[0].Message); // the record's content is in the log
        Assert.Contains(nameof(WriteFailureKind.MissingReference), errors[0].Message);
        Assert.Contains(clashingDevice.Fingerprint, errors[1].Message);
        Assert.Contains(nameof(WriteFailureKind.Permanent), errors[1].Message);
        Assert.Contains("not-a-uuid", errors[2].Message);
        Assert.All(errors, e => Assert.NotNull(e.Exception));

        var queries = new ReadModelQueries(database);
        Assert.Equal(ScriptedSession.At(8), (await queries.DeviceAsync(script.Alice.Fingerprint, CancellationToken.None))!.LastSeen);
        Assert.Null(await queries.DeviceAsync(clashingDevice.Fingerprint, CancellationToken.None));
        Assert.Empty(await queries.ParticipantsAsync(Guid.Parse(neverStarted), CancellationToken.None));
    }

    [Fact]
    public async Task Stopping_drains_the_queue_and_later_records_are_refused_loudly()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);
        var devices = Enumerable.Range(0, 40)
            .Select(i => ScriptedSession.Device.Create($"d{i}", Platform.WEB, DeviceType.DESKTOP)).ToList();
        var (writer, metrics, log) = NewWriter(database);

        await writer.StartAsync(CancellationToken.None);
        foreach (var device in devices) writer.Record(device.Upserted(ScriptedSession.T0));
        await StopAsync(writer);

        Assert.Equal(devices.Count, metrics.Written.Value);
        Assert.Equal(0, metrics.QueueLength.Value);
        Assert.Equal(devices.Count, (await QueryAsync(database, "SELECT id FROM device_fingerprints")).Count);

        var late = devices[0].Upserted(ScriptedSession.At(1));
        writer.Record(late); // must not throw
        Assert.Equal(1, metrics.Dropped.Value);
        Assert.Contains(log.At(LogLevel.Error), e => e.Message.Contains(late.Fingerprint, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Records_still_unwritten_at_the_shutdown_deadline_are_logged_and_counted()
    {
        var (database, _) = await CreateUnreachableDatabaseAsync();
        var device = ScriptedSession.Device.Create("stuck", Platform.WEB, DeviceType.DESKTOP);
        var (writer, metrics, log) = NewWriter(database);

        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++) writer.Record(device.Upserted(ScriptedSession.At(i)));
        await Eventually.TrueAsync(() => metrics.Retries.Value >= 1, "a retry");
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
            await writer.StopAsync(deadline.Token);

        Assert.Equal(3, metrics.Dropped.Value);
        Assert.Equal(0, metrics.Written.Value);
        Assert.Equal(0, metrics.QueueLength.Value);
        Assert.Equal(3, log.Entries.Count(e => e.EventId.Id == 7108));
        Assert.Contains(log.At(LogLevel.Error), e => e.Message.Contains("3 record(s) unwritten", StringComparison.Ordinal));
    }

    protected const int BatchFailedEventId = 7109;

    protected static string Id() => Guid.NewGuid().ToString();

    protected static string Time(DateTimeOffset at) => SqliteTextForms.Timestamp(at);

    protected static async Task MigrateAsync(ReadModelDatabase database) =>
        await new ReadModelMigrator(database, NullLogger<ReadModelMigrator>.Instance).MigrateAsync(CancellationToken.None);

    protected static (ReadModelWriter Writer, ReadModelMetrics Metrics, CapturingLogger<ReadModelWriter> Log) NewWriter(
        ReadModelDatabase database)
    {
        var metrics = new ReadModelMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
        var log = new CapturingLogger<ReadModelWriter>();
        return (new ReadModelWriter(database, metrics, log, FastRetries), metrics, log);
    }

    protected static async Task StopAsync(ReadModelWriter writer)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await writer.StopAsync(deadline.Token);
        writer.Dispose();
    }

    protected async Task<List<object?[]>> QueryAsync(ReadModelDatabase database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }

        return rows;
    }

    private async Task ExecuteAsync(ReadModelDatabase database, params string[] statements)
    {
        await using var connection = await OpenAsync(database);
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task<Exception> FailsAsync(ReadModelDatabase database, string statement)
    {
        var failure = await Record.ExceptionAsync(() => ExecuteAsync(database, statement));
        Assert.True(failure is DbException, $"expected a database error from: {statement}");
        return failure;
    }

    private protected static async Task AssertScriptedRowsAsync(ReadModelDatabase database, ScriptedSession script)
    {
        var queries = new ReadModelQueries(database);
        var ct = CancellationToken.None;

        var session = await queries.SessionAsync(script.SessionId, ct);
        Assert.NotNull(session);
        var host = await queries.DeviceAsync(script.Host.Fingerprint, ct);
        Assert.NotNull(host);
        Assert.Equal("CALL", session.SessionType);
        Assert.Equal(host.Id, session.HostDeviceId);
        Assert.Equal(script.HostUserId, session.HostUserId);
        Assert.Equal("PRO", session.LicenseTier);
        Assert.Equal("COMPLETED", session.EndReason);
        Assert.Equal(ScriptedSession.At(10), session.StartedAt);
        Assert.Equal(ScriptedSession.At(100), session.EndedAt);
        Assert.Equal(90, session.DurationSeconds);
        Assert.Equal(3, session.ParticipantCount);
        Assert.Equal(2, session.HubMigrationCount);
        Assert.Equal(0, session.TotalBytesRelayed);
        Assert.Null(session.AvgLatencyMs);

        var alice = await queries.DeviceAsync(script.Alice.Fingerprint, ct);
        var bob = await queries.DeviceAsync(script.Bob.Fingerprint, ct);
        var participants = (await queries.ParticipantsAsync(script.SessionId, ct))
            .Select(p => (p.DeviceId, p.Role, p.IsLicensed, p.CapabilityScore, p.JoinedAt, p.LeftAt));
        Assert.Equal(
        [
            (host.Id, "HOST", true, 50, ScriptedSession.At(10), ScriptedSession.At(100)),
            (alice!.Id, "GUEST", false, 80, ScriptedSession.At(20), ScriptedSession.At(40)), // hub, then demoted, then left
            (bob!.Id, "HUB", false, 90, ScriptedSession.At(30), ScriptedSession.At(100)),
            (alice.Id, "GUEST", false, 75, ScriptedSession.At(50), ScriptedSession.At(100)), // joined again: a second row
        ], participants);

        // The host's second upsert renamed it and kept its id and first-seen time.
        Assert.Equal(script.Host.Id, host.Id);
        Assert.Equal("host renamed", host.DeviceName);
        Assert.Equal("DESKTOP", host.Platform);
        Assert.Equal(script.HostUserId, host.UserId);
        Assert.Equal(ScriptedSession.At(0), host.CreatedAt);
        Assert.Equal(ScriptedSession.At(70), host.LastSeen);
        Assert.Equal("key-of-host", host.PublicKey);

        Assert.Equal("ANDROID", alice.Platform);
        Assert.Equal("PHONE", alice.DeviceType);
        Assert.Null(alice.UserId);
        Assert.False(alice.IsBlocked);
        using (var capabilities = JsonDocument.Parse(alice.LastCapabilities!))
        {
            var json = capabilities.RootElement;
            Assert.Equal(8, json.GetProperty("cpuCores").GetInt32());
            Assert.Equal(6144, json.GetProperty("ramMb").GetInt32());
            Assert.True(json.GetProperty("isCharging").GetBoolean());
            Assert.Equal(120.5, json.GetProperty("bandwidthMbps").GetDouble());
            Assert.Equal("WIFI", json.GetProperty("networkType").GetString());
            Assert.Equal(["VP8", "H264"], json.GetProperty("supportedCodecs").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(80, json.GetProperty("score").GetInt32());
        }

        Assert.True(bob.IsBlocked);
        Assert.Equal(ScriptedSession.At(2), bob.LastSeen);
        Assert.Null(bob.LastCapabilities);
    }
}
