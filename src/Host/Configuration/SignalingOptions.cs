using System.Data.Common;
using Npgsql;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Host.ReadModel;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Configuration;

/// <summary>The "Signaling" configuration section (appsettings, then environment variables such as Signaling__Storage__PostgresConnectionString).</summary>
public sealed class SignalingOptions
{
    public const string Section = "Signaling";

    public StorageOptions Storage { get; set; } = new();
    public ClusterNodeOptions Cluster { get; set; } = new();
    public EntityOptions Entities { get; set; } = new();
    public SessionOptions Sessions { get; set; } = new();
    public ReadModelOptions ReadModel { get; set; } = new();
    public List<LicenseEntry> Licenses { get; set; } = [];

    /// <summary>How long a hub call waits for the actors before answering UNAVAILABLE.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class StorageOptions
{
    /// <summary>When set, the journal and snapshots live in PostgreSQL; otherwise in SQLite under <see cref="DataDirectory"/>.</summary>
    public string? PostgresConnectionString { get; set; }

    public string DataDirectory { get; set; } = "data";

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    /// <summary>
    /// <see cref="PostgresConnectionString"/> as the journal and the read model use it: every operation
    /// takes a pooled connection for a few statements, so by default a connection handed back to the
    /// pool is not reset (nothing here keeps session state) and statements run often are prepared once
    /// per connection. A connection string that sets either keyword keeps its own value.
    /// </summary>
    public string? TunedPostgresConnectionString => UsesPostgres ? TunePostgres(PostgresConnectionString!) : null;

    public static string TunePostgres(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) tuned.NoResetOnClose = true;
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare")) tuned.MaxAutoPrepare = 64;
        return tuned.ConnectionString;
    }

    public string SqliteConnectionString => $"Data Source={Path.Combine(Path.GetFullPath(DataDirectory), "signaling.db")}";
}

public sealed class ClusterNodeOptions
{
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port: fine for a single node, which then joins itself.</summary>
    public int Port { get; set; }

    /// <summary>Seed node addresses (akka.tcp://signaling@host:port); empty means a single self-joined node.</summary>
    public List<string> SeedNodes { get; set; } = [];
}

public sealed class EntityOptions
{
    public int SnapshotEvery { get; set; } = 100;
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

public sealed class SessionOptions
{
    /// <summary>How long a dropped participant may take to rejoin before it is removed (the host: the session ends).</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>By how much (0.10 = 10%) a challenger's score must beat a connected hub's to replace it.</summary>
    public double HubHysteresis { get; set; } = 0.10;

    /// <summary>How often sessions check grace periods and expiry.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the cluster starts the open sessions that are not running (after a crash, a restart or a shard's
    /// move), so their grace periods and expiry run although no client calls them; sessions younger than this wait
    /// for the next round.
    /// </summary>
    public TimeSpan WakeInterval { get; set; } = SessionWaker.DefaultInterval;

    /// <summary>
    /// The sessions' policy; a zero or negative period, or a negative hysteresis, is refused with the setting named,
    /// since the timers built on them could never run.
    /// </summary>
    public SessionPolicy ToPolicy()
    {
        Positive(GracePeriod, nameof(GracePeriod));
        Positive(TickInterval, nameof(TickInterval));
        Positive(WakeInterval, nameof(WakeInterval));
        if (HubHysteresis < 0)
            throw new InvalidOperationException($"Signaling:Sessions:HubHysteresis must not be negative (it is {HubHysteresis})");
        return new SessionPolicy(GracePeriod, HubHysteresis, TickInterval);
    }

    private static void Positive(TimeSpan value, string setting)
    {
        if (value <= TimeSpan.Zero)
            throw new InvalidOperationException($"Signaling:Sessions:{setting} must be longer than zero (it is {value})");
    }
}

public sealed class ReadModelOptions
{
    /// <summary>
    /// The least time from one read-model transaction's start to the next while fewer records than a full batch
    /// wait: records that come close together (a session's start, joins and end) are written together, once.
    /// </summary>
    public TimeSpan BatchInterval { get; set; } = ReadModelWriterOptions.DefaultBatchInterval;

    /// <summary>At most this many queued records go into one read-model transaction.</summary>
    public int MaxBatch { get; set; } = ReadModelWriterOptions.DefaultMaxBatch;

    /// <summary>The writer's settings; a batch of less than one record is refused, since the writer would take none.</summary>
    public ReadModelWriterOptions ToWriterOptions() =>
        MaxBatch >= 1
            ? new ReadModelWriterOptions { BatchInterval = BatchInterval, MaxBatch = MaxBatch }
            : throw new InvalidOperationException($"Signaling:ReadModel:MaxBatch must be at least 1 (it is {MaxBatch})");
}

/// <summary>A licence the configuration-backed validator accepts.</summary>
public sealed class LicenseEntry
{
    public string Token { get; set; } = "";
    public LicenseTier Tier { get; set; } = LicenseTier.TRIAL;
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? UserId { get; set; }
}
