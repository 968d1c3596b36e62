using System.Globalization;

namespace SignalingAkka.Bench.Persistence;

/// <summary>Command-line options; see <see cref="Usage"/>.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        SignalingAkka persistence benchmark: session recovery time and queued-message throughput
        with the real protobuf serializer and the real Akka.Persistence.Sql journal.

          dotnet run -c Release --project bench/Persistence -- [options]

          --smoke                 tiny sizes on SQLite only (200 events, 0.5 s windows, no cold runs); under 10 s
          --stores LIST           postgresql,sqlite (default both; "pg" works too)
          --events LIST           journal lengths for recovery (default 1000,10000); cold runs use the largest
          --cold-runs N           recoveries in a fresh process each, per mode (default 3)
          --warm-runs N           recoveries in this process after one discarded run, per mode (default 10)
          --write-concurrency N   relays in flight while writing the recovery journals (default 64)
          --concurrency LIST      relays in flight for the throughput runs (default 1,16,64)
          --duration S            seconds per throughput run, at most (default 10)
          --max-messages N        messages per throughput run, at most (default 20000)
          --warmup S              unrecorded seconds before each throughput run (default 2)
          --body-bytes N          SDP body size of each relayed message (default 1000)
          --snapshot-every N      the "snapshots on" interval, also used for throughput (default 100)
          --pg-cpus LIST          taskset CPU list for the PostgreSQL server (default 1; "inherit" = this process's)
          --hocon TEXT            extra Akka HOCON, taking precedence (e.g. journal settings to try)
          --help
        """;

    public bool Smoke { get; init; }
    public IReadOnlyList<StoreKind> Stores { get; init; } = [StoreKind.PostgreSql, StoreKind.Sqlite];
    public IReadOnlyList<int> Events { get; init; } = [1_000, 10_000];
    public int ColdRuns { get; init; } = 3;
    public int WarmRuns { get; init; } = 10;
    public int WriteConcurrency { get; init; } = 64;
    public IReadOnlyList<int> Concurrency { get; init; } = [1, 16, 64];
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public long MaxMessages { get; init; } = 20_000;
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);
    public int BodyBytes { get; init; } = 1_000;
    public int SnapshotEvery { get; init; } = 100;
    public string? PgCpus { get; init; } = "1";
    public string? Hocon { get; init; }

    public static readonly BenchOptions SmokeDefaults = new()
    {
        Smoke = true,
        Stores = [StoreKind.Sqlite],
        Events = [200],
        ColdRuns = 0,
        WarmRuns = 3,
        WriteConcurrency = 16,
        Concurrency = [1, 16],
        Duration = TimeSpan.FromSeconds(0.5),
        MaxMessages = 2_000,
        Warmup = TimeSpan.FromSeconds(0.1),
    };

    /// <summary>Parses the arguments; --smoke first sets the tiny defaults, which later options may still change.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--smoke") ? SmokeDefaults : new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--smoke" => options,
                "--stores" => options with { Stores = Value().Split(',').Select(ParseStore).ToArray() },
                "--events" => options with { Events = Ints(Value()) },
                "--cold-runs" => options with { ColdRuns = Int(Value()) },
                "--warm-runs" => options with { WarmRuns = Math.Max(1, Int(Value())) },
                "--write-concurrency" => options with { WriteConcurrency = Math.Max(1, Int(Value())) },
                "--concurrency" => options with { Concurrency = Ints(Value()) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Double(Value())) },
                "--max-messages" => options with { MaxMessages = Int(Value()) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(Double(Value())) },
                "--body-bytes" => options with { BodyBytes = Math.Max(1, Int(Value())) },
                "--snapshot-every" => options with { SnapshotEvery = Math.Max(1, Int(Value())) },
                "--hocon" => options with { Hocon = Value() },
                "--pg-cpus" => options with { PgCpus = Value() is var v && v == "inherit" ? null : v },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        return options;
    }

    public override string ToString() =>
        $"stores={string.Join('+', Stores.Select(Store.NameOf))} events={string.Join('+', Events)} cold-runs={ColdRuns} " +
        $"warm-runs={WarmRuns} write-concurrency={WriteConcurrency} concurrency={string.Join('+', Concurrency)} " +
        $"duration={Duration.TotalSeconds}s max-messages={MaxMessages} warmup={Warmup.TotalSeconds}s body-bytes={BodyBytes} " +
        $"snapshot-every={SnapshotEvery} pg-cpus={PgCpus ?? "inherit"}{(Hocon is null ? "" : $" hocon=[{Hocon}]")}{(Smoke ? " (smoke)" : "")}";

    private static StoreKind ParseStore(string s) => s.Trim().ToLowerInvariant() switch
    {
        "pg" or "postgres" or "postgresql" => StoreKind.PostgreSql,
        "sqlite" => StoreKind.Sqlite,
        _ => throw new ArgumentException($"unknown store {s}"),
    };

    private static int Int(string s) => int.Parse(s.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static double Double(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int[] Ints(string s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Int).ToArray();
}
