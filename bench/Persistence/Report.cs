using System.Globalization;
using System.Text;

namespace SignalingAkka.Bench.Persistence;

public sealed record RecoveryResult(
    string Store, int SnapshotEvery, int Events, JournalStats Journal, double WritePerSecond, double WriteEventsPerBatch,
    IReadOnlyList<double> ColdMs, IReadOnlyList<double> WarmMs, string? SnapshotNote, string Problems, double OtherLoadPercent)
{
    public static RecoveryResult Failed(string store, int snapshotEvery, int events, string problems) =>
        new(store, snapshotEvery, events, new JournalStats(0, 0, 0, 0, 0, 0, 0), double.NaN, double.NaN, [], [], null, problems, double.NaN);

    public bool Snapshots => SnapshotEvery != BenchSystem.SnapshotsOff;

    public string Mode => Snapshots ? $"every {SnapshotEvery}" : "off";

    /// <summary>What recovery reads: all events, or the latest snapshot plus the events after it.</summary>
    public string Reads => Snapshots
        ? $"1 snapshot ({Journal.SnapshotBytes / 1024.0:0} KiB) + {Journal.LiveRows} events"
        : $"{Journal.LiveRows} events (~{Journal.AvgEventBytes:0} B each)";
}

public sealed record ThroughputResult(
    string Store, int SnapshotEvery, int Concurrency, int Messages, double Seconds, double PerSecond, double P50, double P99, double Max,
    double EventsPerWrite, double MsPerWrite, double CpuUsPerMsg, double? ServerCpuUsPerMsg, (int Gen0, int Gen1, int Gen2) Gc,
    string Problems, double OtherLoadPercent)
{
    public static ThroughputResult Failed(string store, int snapshotEvery, int concurrency, string problems) =>
        new(store, snapshotEvery, concurrency, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
            double.NaN, null, (0, 0, 0), problems, double.NaN);

    public string Mode => SnapshotEvery == BenchSystem.SnapshotsOff ? "off" : $"every {SnapshotEvery}";
}

public static class Report
{
    public static void Print(BenchOptions options, IReadOnlyList<RecoveryResult> recoveries, IReadOnlyList<ThroughputResult> throughputs,
        IReadOnlyList<string> serverLogs, TimeSpan elapsed)
    {
        Console.WriteLine("## Recovery: new SessionActor until GetInfo is answered (ms, median (min–max))");
        Console.WriteLine();
        Console.WriteLine("\"other load\": CPU used by every other process (not this one, not its PostgreSQL) during the warm runs or the");
        Console.WriteLine("throughput window, in % of one CPU; much above a few % means another job shared the machine and the row is suspect.");
        Console.WriteLine();
        Console.WriteLine("| store | snapshots | journal length | recovery reads | cold ms (new process) | warm ms | warm events/ms | written at (msgs/s, events/journal write) | other load | journal problems |");
        Console.WriteLine("|---|---|---:|---|---:|---:|---:|---:|---:|---|");
        foreach (var r in recoveries)
        {
            var perMs = r.Snapshots || r.WarmMs.Count == 0 ? "—" : (r.Journal.LiveRows / Stats.Median(r.WarmMs)).ToString("0.0", CultureInfo.InvariantCulture);
            Console.WriteLine($"| {r.Store} | {r.Mode} | {r.Events:N0} | {r.Reads} | {Stats.MedianRange(r.ColdMs.ToArray())} | " +
                              $"{Stats.MedianRange(r.WarmMs.ToArray())} | {perMs} | {r.WritePerSecond:0} ({r.WriteEventsPerBatch:0.0}) | {r.OtherLoadPercent:0}% | {r.Problems} |");
        }

        Console.WriteLine();
        foreach (var r in recoveries.Where(r => r.SnapshotNote is not null))
            Console.WriteLine($"- {r.Store}, {r.Events:N0} events: {r.SnapshotNote}");
        Console.WriteLine();
        Console.WriteLine($"## Queued-message throughput (Relay to a disconnected recipient, {options.BodyBytes}-byte body, closed loop)");
        Console.WriteLine();
        Console.WriteLine("| store | snapshots | in flight | msgs | s | msgs/s | p50 ms | p99 ms | max ms | events/journal write | ms/journal write | bench CPU µs/msg | postgres CPU µs/msg | GCs gen0/1/2 | other load | journal problems |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var t in throughputs)
            Console.WriteLine($"| {t.Store} | {t.Mode} | {t.Concurrency} | {t.Messages:N0} | {t.Seconds:0.0} | {t.PerSecond:N0} | {t.P50:0.00} | {t.P99:0.00} | " +
                              $"{t.Max:0.0} | {t.EventsPerWrite:0.0} | {t.MsPerWrite:0.00} | {t.CpuUsPerMsg:0} | {(t.ServerCpuUsPerMsg is { } s ? s.ToString("0") : "—")} | {t.Gc.Gen0}/{t.Gc.Gen1}/{t.Gc.Gen2} | {t.OtherLoadPercent:0}% | {t.Problems} |");

        Console.WriteLine();
        foreach (var log in serverLogs) Console.WriteLine(log);
        Console.WriteLine($"total {elapsed.TotalSeconds:0} s");
        Console.WriteLine(SummaryLine(options, recoveries, throughputs, elapsed));
    }

    /// <summary>One line, comma-separated key=value pairs, for logs and CI.</summary>
    public static string SummaryLine(BenchOptions options, IReadOnlyList<RecoveryResult> recoveries, IReadOnlyList<ThroughputResult> throughputs, TimeSpan elapsed)
    {
        static string F(double v) => double.IsNaN(v) ? "na" : v.ToString("0.##", CultureInfo.InvariantCulture);
        var line = new StringBuilder("summary,bench=persistence");
        line.Append(CultureInfo.InvariantCulture, $",gc={Machine.GcMode()},cpus={Machine.Affinity()},body={options.BodyBytes}");
        foreach (var r in recoveries)
        {
            var key = $"{Short(r.Store)}.recover{r.Events}.{(r.Snapshots ? "snap" + r.SnapshotEvery : "nosnap")}";
            if (r.ColdMs.Count > 0) line.Append(CultureInfo.InvariantCulture, $",{key}.cold_ms={F(Stats.Median(r.ColdMs))}");
            line.Append(CultureInfo.InvariantCulture, $",{key}.warm_ms={F(Stats.Median(r.WarmMs))}");
        }

        foreach (var t in throughputs)
        {
            var key = $"{Short(t.Store)}.queue.{(t.SnapshotEvery == BenchSystem.SnapshotsOff ? "nosnap" : "snap" + t.SnapshotEvery)}.c{t.Concurrency}";
            line.Append(CultureInfo.InvariantCulture, $",{key}.msgs_s={F(Math.Round(t.PerSecond))},{key}.p50_ms={F(t.P50)},{key}.p99_ms={F(t.P99)}");
        }

        line.Append(CultureInfo.InvariantCulture, $",total_s={F(elapsed.TotalSeconds)}");
        return line.ToString();
    }

    private static string Short(string store) => store == "postgresql" ? "pg" : store;
}
