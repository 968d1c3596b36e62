using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SignalingAkka.Bench.Persistence;

public enum StoreKind { PostgreSql, Sqlite }

/// <summary>What the journal and snapshot tables hold for one persistence id.</summary>
public sealed record JournalStats(
    long Rows, long LiveRows, long MaxSequenceNr, double AvgEventBytes, long Snapshots, long SnapshotBytes, long SnapshotSequenceNr)
{
    public override string ToString() =>
        $"journal rows {Rows} (not deleted {LiveRows}), highest seq {MaxSequenceNr}, avg event {AvgEventBytes:0} B; " +
        (Snapshots == 0 ? "no snapshot" : $"snapshots {Snapshots}, latest at seq {SnapshotSequenceNr}, {SnapshotBytes / 1024.0:0.0} KiB");
}

/// <summary>A stored payload: the bytes and how to deserialize them.</summary>
public sealed record StoredPayload(long SequenceNr, byte[] Bytes, int SerializerId, string Manifest);

/// <summary>
/// A database for the journal: a throwaway PostgreSQL 15 server with a fresh database, or a SQLite file in a
/// temporary directory. Connection strings and provider names are the daemon's (src/Host/Akka/AkkaSetup.cs).
/// </summary>
public sealed class Store : IAsyncDisposable
{
    private readonly PostgresServer? _postgres;
    private readonly string? _sqliteDirectory;
    private int _disposed;

    private Store(StoreKind kind, string connectionString, PostgresServer? postgres, string? sqliteDirectory)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _postgres = postgres;
        _sqliteDirectory = sqliteDirectory;
    }

    public StoreKind Kind { get; }

    public string ConnectionString { get; }

    public string Name => NameOf(Kind);

    public string ProviderName => ProviderFor(Kind);

    public static string NameOf(StoreKind kind) => kind == StoreKind.PostgreSql ? "postgresql" : "sqlite";

    public static string ProviderFor(StoreKind kind) =>
        kind == StoreKind.PostgreSql ? LinqToDB.ProviderName.PostgreSQL15 : LinqToDB.ProviderName.SQLiteMS;

    public static async Task<Store> StartPostgresAsync(string? cpus)
    {
        var server = await PostgresServer.StartAsync(cpus);
        try
        {
            var connectionString = await server.CreateDatabaseAsync("bench");
            return new Store(StoreKind.PostgreSql, connectionString, server, null);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public static Store StartSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"signaling-bench-sqlite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        // The daemon's form: Data Source=<data directory>/signaling.db, nothing else.
        return new Store(StoreKind.Sqlite, $"Data Source={Path.Combine(directory, "signaling.db")}", null, directory);
    }

    /// <summary>Server version and durability settings, for the record.</summary>
    public async Task<string> DescribeAsync()
    {
        if (_postgres is not null)
            return $"PostgreSQL ({await _postgres.DescribeSettingsAsync()}); data in {_postgres.DataDirectory}; " +
                   $"server affinity {Affinity(_postgres.PostmasterPid())}";

        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        var version = await ScalarAsync(connection, "select sqlite_version()");
        var mode = await ScalarAsync(connection, "pragma journal_mode");
        var synchronous = await ScalarAsync(connection, "pragma synchronous");
        return $"SQLite {version} (journal_mode={mode}, synchronous={synchronous} [2=FULL], the Microsoft.Data.Sqlite defaults); file {ConnectionString["Data Source=".Length..]}";
    }

    public async Task<JournalStats> QueryAsync(string persistenceId)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var journal = connection.CreateCommand();
        journal.CommandText =
            "select count(*), coalesce(sum(case when deleted then 0 else 1 end), 0), coalesce(max(sequence_number), 0), " +
            "coalesce(avg(length(message)), 0) from journal where persistence_id = @id";
        AddParameter(journal, persistenceId);
        long rows, live, max;
        double avg;
        await using (var reader = await journal.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            rows = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            live = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            max = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
            avg = Convert.ToDouble(reader.GetValue(3), CultureInfo.InvariantCulture);
        }

        long snapshots = 0, snapshotBytes = 0, snapshotSeq = 0;
        try
        {
            await using var snapshot = connection.CreateCommand();
            snapshot.CommandText =
                "select count(*), coalesce(max(length(snapshot)), 0), coalesce(max(sequence_number), 0) from snapshot where persistence_id = @id";
            AddParameter(snapshot, persistenceId);
            await using var reader = await snapshot.ExecuteReaderAsync();
            await reader.ReadAsync();
            snapshots = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            snapshotBytes = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            snapshotSeq = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
        }
        catch (DbException)
        {
            // no snapshot table yet: nothing was ever snapshotted
        }

        return new JournalStats(rows, live, max, avg, snapshots, snapshotBytes, snapshotSeq);
    }

    /// <summary>The latest snapshot of the persistence id, or null.</summary>
    public Task<StoredPayload?> LatestSnapshotAsync(string persistenceId) => ReadPayloadAsync(
        "select sequence_number, snapshot, serializer_id, manifest from snapshot where persistence_id = @id " +
        "order by sequence_number desc limit 1", persistenceId, null);

    /// <summary>The events (not deleted) after this sequence number, in order.</summary>
    public async Task<IReadOnlyList<StoredPayload>> EventsAfterAsync(string persistenceId, long sequenceNr) =>
        await ReadPayloadsAsync(
            "select sequence_number, message, identifier, manifest from journal where persistence_id = @id " +
            "and sequence_number > @seq and not deleted order by sequence_number", persistenceId, sequenceNr);

    private async Task<StoredPayload?> ReadPayloadAsync(string sql, string persistenceId, long? sequenceNr) =>
        (await ReadPayloadsAsync(sql, persistenceId, sequenceNr)).FirstOrDefault();

    private async Task<List<StoredPayload>> ReadPayloadsAsync(string sql, string persistenceId, long? sequenceNr)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, persistenceId);
        if (sequenceNr is { } seq)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@seq";
            parameter.Value = seq;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var payloads = new List<StoredPayload>();
        while (await reader.ReadAsync())
            payloads.Add(new StoredPayload(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), (byte[])reader.GetValue(1),
                Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), reader.IsDBNull(3) ? "" : reader.GetString(3)));
        return payloads;
    }

    /// <summary>CPU seconds used so far by the PostgreSQL server (postmaster and all its children); null for SQLite.</summary>
    public double? ServerCpuSeconds()
    {
        if (_postgres?.PostmasterPid() is not { } postmaster) return null;
        double total = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            if (ProcStat.Read(pid) is not { } stat) continue;
            if (pid == postmaster || stat.ParentPid == postmaster) total += stat.CpuSeconds;
        }

        return total;
    }

    /// <summary>PostgreSQL only: how many "deadlock detected" errors the server has logged so far.</summary>
    public long? ServerDeadlocks()
    {
        if (_postgres is null) return null;
        try
        {
            using var stream = new FileStream(_postgres.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            long count = 0;
            while (reader.ReadLine() is { } line)
                if (line.Contains("deadlock detected", StringComparison.Ordinal)) count++;
            return count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// PostgreSQL only: how many errors of each notable kind the server logged (deadlocks, lock timeouts), with the
    /// first deadlock's report; null for SQLite or when the log is unreadable.
    /// </summary>
    public string? ServerLogSummary()
    {
        if (_postgres is null) return null;
        string[] lines;
        try
        {
            using var stream = new FileStream(_postgres.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            lines = reader.ReadToEnd().Split('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var errors = lines.Count(l => l.Contains("ERROR:", StringComparison.Ordinal));
        var deadlocks = lines.Count(l => l.Contains("deadlock detected", StringComparison.Ordinal));
        var summary = $"postgres log: {errors} ERROR lines, {deadlocks} 'deadlock detected'";
        var first = Array.FindIndex(lines, l => l.Contains("deadlock detected", StringComparison.Ordinal));
        if (first < 0) return summary;
        // The report spans several lines (DETAIL, the statements of both processes, HINT, CONTEXT, STATEMENT).
        var report = string.Join(' ', lines.Skip(first + 1).Take(40).TakeWhile(l => !l.Contains("ERROR:", StringComparison.Ordinal)));
        report = System.Text.RegularExpressions.Regex.Replace(report, @"\s+", " ").Trim();
        return summary + "; the first: " + (report.Length > 900 ? report[..900] + "…" : report);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (_sqliteDirectory is not null && Directory.Exists(_sqliteDirectory)) Directory.Delete(_sqliteDirectory, recursive: true);
    }

    private DbConnection Open() => Kind == StoreKind.PostgreSql
        ? new NpgsqlConnection(ConnectionString)
        : new SqliteConnection(ConnectionString);

    private static void AddParameter(DbCommand command, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static string Affinity(int? pid)
    {
        if (pid is null) return "unknown";
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
            return line?["Cpus_allowed_list:".Length..].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

/// <summary>utime+stime and parent of a process, from /proc/PID/stat.</summary>
public readonly record struct ProcStat(int ParentPid, double CpuSeconds)
{
    private static readonly Lazy<double> ClockTicks = new(ReadClockTicks);

    /// <summary>USER_HZ: the unit of /proc/PID/stat and /proc/stat times.</summary>
    public static double TicksPerSecond => ClockTicks.Value;

    public static ProcStat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // Fields after the command name, which is in parentheses and may contain spaces.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] = state (field 3), [1] = ppid (4), [11] = utime (14), [12] = stime (15)
        var ppid = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcStat(ppid, ticks / TicksPerSecond);
    }

    private static double ReadClockTicks()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true });
            var output = process?.StandardOutput.ReadToEnd().Trim();
            process?.WaitForExit();
            return double.TryParse(output, NumberStyles.Float, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 ? ticks : 100;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }
}
