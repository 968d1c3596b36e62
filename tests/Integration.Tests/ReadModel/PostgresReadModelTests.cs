using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Host.ReadModel;
using SignalingAkka.Integration.Tests.Infrastructure;

namespace SignalingAkka.Integration.Tests.ReadModel;

[Collection(PostgresCollection.Name)]
public sealed class PostgresReadModelTests(PostgresFixture postgres) : ReadModelContract
{
    protected override async Task<ReadModelDatabase> CreateDatabaseAsync() =>
        ReadModelDatabase.ForPostgres(await postgres.CreateDatabaseAsync());

    /// <summary>A database that does not exist yet: every connection fails (3D000) until it is created.</summary>
    protected override Task<(ReadModelDatabase Database, Func<Task> MakeReachable)> CreateUnreachableDatabaseAsync()
    {
        var name = $"t_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.Server.AdminConnectionString)
        {
            Database = name,
            Pooling = true,
        }.ToString();
        return Task.FromResult<(ReadModelDatabase, Func<Task>)>(
            (ReadModelDatabase.ForPostgres(connectionString), () => postgres.Server.CreateDatabaseAsync(name)));
    }

    protected override async Task<DbConnection> OpenAsync(ReadModelDatabase database)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    protected override async Task<IReadOnlyList<string>> TablesAsync(ReadModelDatabase database) =>
        (await QueryAsync(database,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
        .Select(row => (string)row[0]!).ToList();

    protected override async Task<IReadOnlyList<ColumnInfo>> ColumnsAsync(ReadModelDatabase database, string table) =>
        (await QueryAsync(database, $"""
            SELECT attname, format_type(atttypid, atttypmod), NOT attnotnull
            FROM pg_attribute
            WHERE attrelid = 'public.{table}'::regclass AND attnum > 0 AND NOT attisdropped
            ORDER BY attnum
            """))
        .Select(row => new ColumnInfo((string)row[0]!, (string)row[1]!, (bool)row[2]!)).ToList();

    protected override async Task<IReadOnlyDictionary<string, string>> IndexesAsync(ReadModelDatabase database) =>
        (await QueryAsync(database, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"))
        .ToDictionary(row => (string)row[0]!, row => (string)row[1]!);

    protected override async Task<IReadOnlyList<ForeignKeySpec>> ForeignKeysAsync(ReadModelDatabase database) =>
        (await QueryAsync(database, """
            SELECT source.relname, attribute.attname, target.relname,
                   CASE constraint_.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'a' THEN 'NO ACTION' ELSE constraint_.confdeltype::text END
            FROM pg_constraint constraint_
            JOIN pg_class source ON source.oid = constraint_.conrelid
            JOIN pg_class target ON target.oid = constraint_.confrelid
            JOIN pg_attribute attribute ON attribute.attrelid = constraint_.conrelid AND attribute.attnum = ANY (constraint_.conkey)
            WHERE constraint_.contype = 'f' AND source.relnamespace = 'public'::regnamespace
            """))
        .Select(row => new ForeignKeySpec((string)row[0]!, (string)row[1]!, (string)row[2]!, (string)row[3]!)).ToList();

    protected override string ExpectedType(ColumnSpec column) => column.PostgresType;

    [Fact]
    public async Task Nodes_migrating_at_once_apply_each_script_once()
    {
        // Cluster nodes start together on one database: the advisory lock makes them take turns.
        var database = await CreateDatabaseAsync();
        var migrators = Enumerable.Range(0, 4)
            .Select(_ => new ReadModelMigrator(database, NullLogger<ReadModelMigrator>.Instance)).ToList();

        var applied = await Task.WhenAll(migrators.Select(m => m.MigrateAsync(CancellationToken.None)));

        Assert.Single(applied, scripts => scripts.Count > 0);
        var journal = await QueryAsync(database, $"SELECT scriptname FROM {ReadModelMigrator.JournalTable}");
        Assert.Equal(migrators[0].ScriptNames().Order(), journal.Select(row => (string)row[0]!).Order());
    }

    [Fact]
    public async Task Capabilities_are_stored_as_jsonb()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);
        var applier = new RecordApplier(database);
        var script = new ScriptedSession();
        await applier.ApplyAsync(script.Alice.Upserted(ScriptedSession.T0), CancellationToken.None);
        await applier.ApplyAsync(new Actors.ReadModel.DeviceCapabilitiesUpdated(script.Alice.Fingerprint,
            ScriptedSession.AliceCapabilities, 80, ScriptedSession.T0), CancellationToken.None);

        var rows = await QueryAsync(database,
            "SELECT jsonb_typeof(last_capabilities), last_capabilities ->> 'score', last_capabilities ->> 'cpuCores' FROM device_fingerprints");
        Assert.Equal<object?>(["object", "80", "8"], rows.Single());
    }

    [Fact]
    public async Task Consecutive_session_records_of_a_batch_go_to_the_database_in_one_round_trip()
    {
        var (database, script, applier) = await HostAndAliceRegisteredAsync();
        var records = ShortSession(script, script.SessionId.ToString());

        var executions = await CountExecutionsAsync(database, () => applier.ApplyAllAsync(records, CancellationToken.None));

        // Eight statements, one execution: the batch (the transaction's BEGIN and COMMIT travel with it
        // and after it without an execution of their own).
        Assert.Equal(1, executions);
        var rows = await QueryAsync(database, "SELECT participant_count, end_reason, duration_seconds FROM session_history");
        Assert.Equal<object?>([2, "HOST_LEFT", 30], rows.Single());
        var participants = await QueryAsync(database,
            "SELECT role, left_at IS NOT NULL FROM session_participants ORDER BY joined_at");
        Assert.Equal<object?>(["HOST", true], participants[0]);
        Assert.Equal<object?>(["GUEST", true], participants[1]);
    }

    [Fact]
    public async Task A_backlog_of_four_hundred_session_records_goes_to_the_database_in_one_round_trip()
    {
        var (database, script, _) = await HostAndAliceRegisteredAsync();
        var (writer, metrics, _) = NewWriter(database);
        for (var i = 0; i < 80; i++)
            foreach (var record in ShortSession(script, Guid.NewGuid().ToString())) writer.Record(record);

        // Under churn the writer is behind by hundreds of records at a time; each round trip waits for a
        // commit, so a batch capped at 100 fell further behind at 800 sessions per second.
        var executions = await CountExecutionsAsync(database, async () =>
        {
            await writer.StartAsync(CancellationToken.None);
            await StopAsync(writer);
        });

        Assert.Equal(1, executions);
        Assert.Equal(400, metrics.Written.Value);
        Assert.Equal<object?>([80L], (await QueryAsync(database, "SELECT count(*) FROM session_history WHERE end_reason = 'HOST_LEFT'")).Single());
    }

    [Fact]
    public async Task A_batch_statement_that_changes_no_row_rolls_the_batch_back_and_the_records_land_one_by_one()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);
        var script = new ScriptedSession();
        var records = script.Records();
        var (writer, metrics, log) = NewWriter(database);

        // The second pass finds every session row there: its start inserts nothing, which in a batch is
        // only settled by writing record by record.
        foreach (var record in records.Concat(records)) writer.Record(record);
        await writer.StartAsync(CancellationToken.None);
        await StopAsync(writer);

        Assert.Equal(2 * records.Count, metrics.Written.Value);
        Assert.Equal(0, metrics.Dropped.Value);
        Assert.Contains(log.Entries, e => e.EventId.Id == BatchFailedEventId && e.Exception is UnexpectedRowCountException);
        await AssertScriptedRowsAsync(database, script);
    }

    [Fact]
    public async Task A_session_started_and_ended_within_one_batch_is_written_once_without_updating_a_row()
    {
        var (database, script, applier) = await HostAndAliceRegisteredAsync();
        await CountUpdatesAsync(database);
        var records = ShortSession(script, script.SessionId.ToString());

        await applier.ApplyAllAsync(records, CancellationToken.None);

        Assert.Empty(await QueryAsync(database, "SELECT table_name FROM updates_seen"));
        var rows = await QueryAsync(database, "SELECT participant_count, end_reason, duration_seconds, hub_migration_count FROM session_history");
        Assert.Equal<object?>([2, "HOST_LEFT", 30, 0], rows.Single());
        var participants = await QueryAsync(database, "SELECT role, joined_at, left_at FROM session_participants ORDER BY joined_at");
        Assert.Equal<object?>(["HOST", ScriptedSession.At(10).UtcDateTime, ScriptedSession.At(40).UtcDateTime], participants[0]);
        Assert.Equal<object?>(["GUEST", ScriptedSession.At(20).UtcDateTime, ScriptedSession.At(30).UtcDateTime], participants[1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Sessions_written_in_batches_of_any_cut_leave_the_same_rows_as_written_record_by_record(int seed)
    {
        var random = new Random(seed);
        var devices = Enumerable.Range(0, 6).Select(i => ScriptedSession.Device.Create($"device-{i}", Protocol.Platform.WEB, Protocol.DeviceType.DESKTOP))
            .ToList();
        var records = InterleavedLives(random, devices, sessions: 40);
        var batched = await DatabaseWithDevicesAsync(devices);
        var oneByOne = await DatabaseWithDevicesAsync(devices);
        var batchedApplier = new RecordApplier(batched);
        var oneByOneApplier = new RecordApplier(oneByOne);

        for (var start = 0; start < records.Count;)
        {
            var cut = records.Skip(start).Take(random.Next(1, 25)).ToList();
            await batchedApplier.ApplyAllAsync(cut, CancellationToken.None);
            start += cut.Count;
        }

        foreach (var record in records) await oneByOneApplier.ApplyAsync(record, CancellationToken.None);

        const string sessions = "SELECT * FROM session_history ORDER BY id";
        const string participants = "SELECT * FROM session_participants ORDER BY session_id, device_id, joined_at";
        Assert.Equal(await QueryAsync(oneByOne, sessions), await QueryAsync(batched, sessions));
        Assert.Equal(await QueryAsync(oneByOne, participants), await QueryAsync(batched, participants));
        Assert.Equal(40, (await QueryAsync(batched, sessions)).Count);
    }

    [Fact]
    public async Task The_writer_waits_out_its_batch_interval_and_stopping_ends_the_wait()
    {
        var (database, script, _) = await HostAndAliceRegisteredAsync();
        var metrics = new ReadModelMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        var writer = new ReadModelWriter(database, metrics, NullLogger<ReadModelWriter>.Instance,
            FastRetries with { BatchInterval = TimeSpan.FromHours(1) });
        var first = ShortSession(script, Guid.NewGuid().ToString());
        var second = ShortSession(script, Guid.NewGuid().ToString());
        foreach (var record in first) writer.Record(record); // queued before the start: the first batch, at once
        await writer.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => metrics.Written.Value == first.Length, "the first session written");
        foreach (var record in second) writer.Record(record);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(first.Length, metrics.Written.Value); // the interval has not passed

        var stopping = Stopwatch.StartNew();
        await StopAsync(writer);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed}");
        Assert.Equal(first.Length + second.Length, metrics.Written.Value);
        Assert.Equal<object?>([2L], (await QueryAsync(database, "SELECT count(*) FROM session_history WHERE ended_at IS NOT NULL")).Single());
    }

    /// <summary>A migrated database where the scripted host and Alice are registered devices.</summary>
    private async Task<(ReadModelDatabase Database, ScriptedSession Script, RecordApplier Applier)> HostAndAliceRegisteredAsync()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);
        var script = new ScriptedSession();
        var applier = new RecordApplier(database);
        foreach (var device in new[] { script.Host, script.Alice })
            await applier.ApplyAsync(device.Upserted(ScriptedSession.T0), CancellationToken.None);
        return (database, script, applier);
    }

    /// <summary>The records of a session the host starts, Alice joins and leaves, and the host ends.</summary>
    private static ReadModelRecord[] ShortSession(ScriptedSession script, string id) =>
    [
        new SessionStarted(id, Protocol.SessionType.CALL, script.Host.Fingerprint, null, Protocol.Tier.PRO, ScriptedSession.At(10)),
        new ParticipantJoinedSession(id, script.Host.Fingerprint, Protocol.ParticipantRole.HOST, true, 50, ScriptedSession.At(10), 1),
        new ParticipantJoinedSession(id, script.Alice.Fingerprint, Protocol.ParticipantRole.GUEST, false, 80, ScriptedSession.At(20), 2),
        new ParticipantLeftSession(id, script.Alice.Fingerprint, ScriptedSession.At(30), 1),
        new SessionEndedRecord(id, Protocol.EndReason.HOST_LEFT, ScriptedSession.At(40), 30, 2, 0),
    ];

    /// <summary>From now on every row update of session_history and session_participants leaves a row in updates_seen.</summary>
    private async Task CountUpdatesAsync(ReadModelDatabase database)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE updates_seen (table_name text NOT NULL);
            CREATE FUNCTION note_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO updates_seen VALUES (TG_TABLE_NAME); RETURN NEW; END $$;
            CREATE TRIGGER note_session_update AFTER UPDATE ON session_history FOR EACH ROW EXECUTE FUNCTION note_update();
            CREATE TRIGGER note_participant_update AFTER UPDATE ON session_participants FOR EACH ROW EXECUTE FUNCTION note_update();
            """;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<ReadModelDatabase> DatabaseWithDevicesAsync(IEnumerable<ScriptedSession.Device> devices)
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);
        var applier = new RecordApplier(database);
        foreach (var device in devices) await applier.ApplyAsync(device.Upserted(ScriptedSession.T0), CancellationToken.None);
        return database;
    }

    /// <summary>
    /// Sessions as the session actor records them, their records interleaved: a host starts and joins, guests
    /// join, leave and join again, most sessions end and some stay open. Times are whole microseconds.
    /// </summary>
    private static List<ReadModelRecord> InterleavedLives(Random random, IReadOnlyList<ScriptedSession.Device> devices, int sessions)
    {
        var lives = new List<Queue<ReadModelRecord>>();
        for (var s = 0; s < sessions; s++)
        {
            var id = Guid.NewGuid().ToString();
            var host = devices[random.Next(devices.Count)];
            var guests = devices.Where(d => d != host).OrderBy(_ => random.Next()).Take(random.Next(0, 4)).ToList();
            var at = ScriptedSession.At(random.Next(0, 1000));
            DateTimeOffset Next() => at = at.AddMilliseconds(random.Next(1, 5000));
            var life = new Queue<ReadModelRecord>();
            life.Enqueue(new SessionStarted(id, Protocol.SessionType.CALL, host.Fingerprint, null, Protocol.Tier.PRO, at));
            life.Enqueue(new ParticipantJoinedSession(id, host.Fingerprint, Protocol.ParticipantRole.HOST, true, 50, at, 1));
            var present = new List<ScriptedSession.Device> { host };
            for (var step = random.Next(0, 8); step > 0; step--)
            {
                var absent = guests.Except(present).ToList();
                var leaving = present.Where(d => d != host).ToList();
                if (absent.Count > 0 && (leaving.Count == 0 || random.Next(2) == 0))
                {
                    var guest = absent[random.Next(absent.Count)];
                    present.Add(guest);
                    life.Enqueue(new ParticipantJoinedSession(id, guest.Fingerprint, Protocol.ParticipantRole.GUEST, false,
                        random.Next(0, 100), Next(), present.Count));
                }
                else if (leaving.Count > 0)
                {
                    var guest = leaving[random.Next(leaving.Count)];
                    present.Remove(guest);
                    life.Enqueue(new ParticipantLeftSession(id, guest.Fingerprint, Next(), present.Count));
                }
            }

            if (random.Next(5) > 0)
                life.Enqueue(new SessionEndedRecord(id, Protocol.EndReason.HOST_LEFT, Next(), random.Next(0, 100), present.Count, 0));
            lives.Add(life);
        }

        var records = new List<ReadModelRecord>();
        while (lives.Any(l => l.Count > 0))
        {
            var open = lives.Where(l => l.Count > 0).ToList();
            records.Add(open[random.Next(open.Count)].Dequeue());
        }

        return records;
    }

    /// <summary>How many commands or batches Npgsql executed against this database while <paramref name="run"/> ran.</summary>
    private static async Task<int> CountExecutionsAsync(ReadModelDatabase database, Func<Task> run)
    {
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        var started = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = started.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await run();
        return started.Count(a => a.Tags.Any(t => t.Value == name));
    }
}
