using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SignalingAkka.Bench.Relay;

/// <summary>
/// Turns the JSON lines of one run (results/*.jsonl) into CSV files, Markdown tables, the issue-4
/// ratios with pass/miss, and the data and gnuplot script for the PNG plots. Where a point was run
/// several times (interleaved rounds) it reports the median and the range.
/// </summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] Series = ["signaling/json", "signaling/messagepack", "baseline/json", "baseline/messagepack", "peerjs/peerjs"];

    public static int Run(Cli cli)
    {
        var dir = cli.Str("dir");
        var label = cli.Str("label", "main");
        cli.CheckAllUsed();

        var relay = Load(Path.Combine(dir, "relay.jsonl"));
        var idle = Load(Path.Combine(dir, "idle.jsonl"));
        var churn = Load(Path.Combine(dir, "churn.jsonl"));
        var storm = Load(Path.Combine(dir, "storm.jsonl"));

        WriteCsv(Path.Combine(dir, "relay-runs.csv"), relay);
        WriteCsv(Path.Combine(dir, "idle.csv"), idle);
        WriteCsv(Path.Combine(dir, "churn.csv"), churn);
        WriteCsv(Path.Combine(dir, "storm.csv"), storm);

        var md = new StringBuilder();
        var groups = relay.Where(r => Str(r, "error") is null)
            .GroupBy(r => (Label: Str(r, "label") ?? "", Target: Str(r, "target")!, Protocol: Str(r, "protocol")!, Pairs: (int)Num(r, "pairs")!))
            .OrderBy(g => g.Key.Label).ThenBy(g => Array.IndexOf(Series, g.Key.Target + "/" + g.Key.Protocol)).ThenBy(g => g.Key.Pairs)
            .ToList();
        var summary = new StringBuilder("label,target,protocol,pairs,runs,msgs_per_s_median,msgs_per_s_min,msgs_per_s_max,cpu_us_per_msg_median,cpu_us_per_msg_min,cpu_us_per_msg_max,server_cpu_pct_median,client_cpu_pct_median,rtt_p50_ms,rtt_p90_ms,rtt_p99_ms_median,rtt_p99_ms_min,rtt_p99_ms_max,rtt_max_ms,stalled_pairs,payload_check_failures\n");
        foreach (var g in groups)
        {
            var rows = g.ToList();
            summary.AppendLine(string.Join(",", g.Key.Label, g.Key.Target, g.Key.Protocol, g.Key.Pairs, rows.Count,
                F(Median(rows, "msgs_per_s")), F(Min(rows, "msgs_per_s")), F(Max(rows, "msgs_per_s")),
                F(Median(rows, "server_cpu_us_per_msg")), F(Min(rows, "server_cpu_us_per_msg")), F(Max(rows, "server_cpu_us_per_msg")),
                F(Median(rows, "server_cpu_pct")), F(Median(rows, "client_cpu_pct")),
                F(Median(rows, "rtt_p50_ms")), F(Median(rows, "rtt_p90_ms")),
                F(Median(rows, "rtt_p99_ms")), F(Min(rows, "rtt_p99_ms")), F(Max(rows, "rtt_p99_ms")), F(Max(rows, "rtt_max_ms")),
                F(rows.Sum(r => Num(r, "stalled_pairs") ?? 0)), F(rows.Sum(r => Num(r, "payload_check_failures") ?? 0))));
        }

        File.WriteAllText(Path.Combine(dir, "relay-summary.csv"), summary.ToString());

        foreach (var labelGroup in groups.GroupBy(g => g.Key.Label))
        {
            md.AppendLine($"### relay-echo, {labelGroup.Key}").AppendLine();
            md.AppendLine("| server | protocol | P | runs | msgs/s (median, range) | server CPU µs/msg (median, range) | server CPU % | load-gen CPU % | other CPU % | RTT p50 ms | p90 ms | p99 ms (median, range) | p99.9 ms | max ms | mean ms (2P÷msgs/s) | stalled |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var g in labelGroup)
            {
                var rows = g.ToList();
                md.AppendLine($"| {g.Key.Target} | {g.Key.Protocol} | {g.Key.Pairs} | {rows.Count} | {Range(rows, "msgs_per_s", "N0")} | {Range(rows, "server_cpu_us_per_msg", "0.0")} | "
                              + $"{Fmt(Median(rows, "server_cpu_pct"), "0")} | {Fmt(Median(rows, "client_cpu_pct"), "0")} | {Fmt(Median(rows, "other_cpu_pct"), "0")} | "
                              + $"{Fmt(Median(rows, "rtt_p50_ms"), "0.00")} | {Fmt(Median(rows, "rtt_p90_ms"), "0.00")} | {Range(rows, "rtt_p99_ms", "0.00")} | "
                              + $"{Fmt(Median(rows, "rtt_p999_ms"), "0.0")} | {Fmt(Max(rows, "rtt_max_ms"), "0.0")} | "
                              + $"{Fmt(Median(rows, "msgs_per_s") is { } mps && mps > 0 ? 2000.0 * g.Key.Pairs / mps : null, "0.00")} | "
                              + $"{rows.Sum(r => Num(r, "stalled_pairs") ?? 0):0} |");
            }

            md.AppendLine();
        }

        var failedRelay = relay.Where(r => Str(r, "error") is not null).ToList();
        if (failedRelay.Count > 0)
        {
            md.AppendLine("Relay runs that failed:").AppendLine();
            foreach (var r in failedRelay)
                md.AppendLine($"- {Str(r, "target")}/{Str(r, "protocol")} P={Num(r, "pairs")}: {Str(r, "error")}");
            md.AppendLine();
        }

        if (idle.Count > 0)
        {
            md.AppendLine("### idle connections").AppendLine();
            md.AppendLine("| server | N | connected | still open | connect failures | connects/s | RSS before MiB | RSS after MiB | KiB per connection | GC forced |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var r in idle.OrderBy(r => Array.IndexOf(Series, Str(r, "target") + "/" + (Str(r, "target") == "peerjs" ? "peerjs" : "json"))).ThenBy(r => Num(r, "connections")))
                md.AppendLine($"| {Str(r, "target")} | {Num(r, "connections"):0} | {Num(r, "connected"):0} | {Num(r, "still_open"):0} | {Num(r, "connect_failures"):0} | "
                              + $"{Fmt(Num(r, "connects_per_s"), "N0")} | {Fmt(Num(r, "rss_before_kib") / 1024, "0.0")} | {Fmt(Num(r, "rss_after_kib") / 1024, "0.0")} | "
                              + $"{Fmt(Num(r, "kib_per_connection"), "0.0")} | {Str(r, "gc_forced")} |");
            md.AppendLine();
        }

        if (churn.Count > 0)
        {
            md.AppendLine("### session churn (create + join + host leave)").AppendLine();
            md.AppendLine("| storage | concurrency | runs | cycles/s (median, range) | cycle p50 ms | p99 ms | max ms | errors | daemon CPU % | daemon µs/cycle (median, range) | PostgreSQL CPU % | PostgreSQL µs/cycle | load-gen CPU % | other CPU % | read-model records/s | read-model backlog start → end (each run) | daemon KB allocated/cycle | daemon GC pause µs/cycle | daemon thread-pool items/cycle |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
            foreach (var level in ChurnLevels(churn))
            {
                var rows = level.ToList();
                var errorCodes = string.Join(" ", rows.Select(r => Str(r, "error_codes")).Where(c => !string.IsNullOrEmpty(c)));
                var backlogs = string.Join(", ", rows.Select(r =>
                    $"{Fmt(Num(r, "readmodel_backlog_start"), "N0")} → {Fmt(Num(r, "readmodel_backlog_end"), "N0")}"));
                md.AppendLine($"| {level.Key.Storage} | {level.Key.Concurrency} | {rows.Count} | {Range(rows, "cycles_per_s", "N0")} | "
                              + $"{Fmt(Median(rows, "cycle_p50_ms"), "0.0")} | {Fmt(Median(rows, "cycle_p99_ms"), "0.0")} | {Fmt(Max(rows, "cycle_max_ms"), "0")} | "
                              + $"{rows.Sum(r => Num(r, "errors") ?? 0):0} {errorCodes} | {Fmt(Median(rows, "daemon_cpu_pct"), "0")} | {Range(rows, "daemon_cpu_us_per_cycle", "0")} | "
                              + $"{Fmt(Median(rows, "postgres_cpu_pct"), "0")} | {Fmt(Median(rows, "postgres_cpu_us_per_cycle"), "0")} | "
                              + $"{Fmt(Median(rows, "load_gen_cpu_pct"), "0")} | {Fmt(Median(rows, "other_cpu_pct"), "0")} | "
                              + $"{Fmt(Median(rows, "readmodel_written_per_s"), "N0")} | {backlogs} | "
                              + $"{Fmt(Median(rows, "daemon_alloc_kb_per_cycle"), "0.0")} | {Fmt(Median(rows, "daemon_gc_pause_us_per_cycle"), "0")} | "
                              + $"{Fmt(Median(rows, "daemon_work_items_per_cycle"), "0.0")} |");
            }
            md.AppendLine();
        }

        if (storm.Count > 0)
        {
            md.AppendLine("### resume storm").AppendLine();
            md.AppendLine("| storage | clients | back | all back after s | p50 s | p99 s | attempts | retried clients | errors | exact redelivery | sessions relaying after |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
            foreach (var r in storm.Where(r => Str(r, "error") is not null))
                md.AppendLine($"| {Str(r, "storage")} | {Num(r, "clients"):0} | failed: {Str(r, "error")} | | | | | | | | |");
            foreach (var r in storm.Where(r => Str(r, "error") is null))
                md.AppendLine($"| {Str(r, "storage")} | {Num(r, "clients"):0} | {Num(r, "back"):0} | {Fmt(Num(r, "all_back_s"), "0.00")} | {Fmt(Num(r, "p50_back_s"), "0.00")} | "
                              + $"{Fmt(Num(r, "p99_back_s"), "0.00")} | {Num(r, "attempts"):0} | {Num(r, "retried_clients"):0} | {Num(r, "errors"):0} {Str(r, "error_codes")} | "
                              + $"{Num(r, "exact_redelivery_clients"):0} | {Num(r, "sessions_relaying_after"):0}/{Num(r, "sessions"):0} |");
            md.AppendLine();
        }

        md.Append(Ratios(groups.Where(g => g.Key.Label == label).ToDictionary(g => (g.Key.Target, g.Key.Protocol, g.Key.Pairs), g => g.ToList()), idle, churn));
        File.WriteAllText(Path.Combine(dir, "summary.md"), md.ToString());
        WritePlots(dir, groups.Where(g => g.Key.Label == label).ToList(), idle);
        Console.WriteLine(md.ToString());
        return 0;
    }

    private static string Ratios(Dictionary<(string Target, string Protocol, int Pairs), List<JsonElement>> points, List<JsonElement> idle, List<JsonElement> churn)
    {
        var md = new StringBuilder("### issue 4 targets, this run\n\n| target | compared | ours | reference | ratio | goal | result |\n|---|---|---:|---:|---:|---|---|\n");
        double? Med((string, string, int) key, string field) => points.TryGetValue(key, out var rows) ? Median(rows, field) : null;

        void Line(string target, string compared, double? ours, double? reference, string goal, Func<double, bool> pass, string format)
        {
            var ratio = ours is { } o && reference is { } r && r > 0 ? o / r : (double?)null;
            var result = ratio is { } x ? (pass(x) ? "pass" : "miss") : "no data";
            md.Append(Inv, $"| {target} | {compared} | {Fmt(ours, format)} | {Fmt(reference, format)} | {Fmt(ratio, "0.00")}× | {goal} | {result} |\n");
        }

        foreach (var protocol in new[] { "json", "messagepack" })
        {
            foreach (var p in new[] { 16, 128 })
            {
                Line("CPU/msg ≤ 1.0× bare SignalR", $"{protocol}, P={p}, µs/msg", Med(("signaling", protocol, p), "server_cpu_us_per_msg"),
                    Med(("baseline", protocol, p), "server_cpu_us_per_msg"), "≤ 1.00×", x => x <= 1.0, "0.0");
            }
        }

        foreach (var protocol in new[] { "json", "messagepack" })
        {
            foreach (var p in new[] { 16, 128 })
            {
                Line("stretch: CPU/msg ≤ 1.0× PeerJS", $"{protocol} vs PeerJS, P={p}, µs/msg", Med(("signaling", protocol, p), "server_cpu_us_per_msg"),
                    Med(("peerjs", "peerjs", p), "server_cpu_us_per_msg"), "≤ 1.00×", x => x <= 1.0, "0.0");
            }
        }

        foreach (var protocol in new[] { "json", "messagepack" })
        {
            Line("msgs/s ≥ 1.0× bare SignalR", $"{protocol}, P=128, msgs/s", Med(("signaling", protocol, 128), "msgs_per_s"),
                Med(("baseline", protocol, 128), "msgs_per_s"), "≥ 1.00×", x => x >= 1.0, "N0");
            Line("p99 ≤ 1.25× bare SignalR", $"{protocol}, P=128, RTT p99 ms", Med(("signaling", protocol, 128), "rtt_p99_ms"),
                Med(("baseline", protocol, 128), "rtt_p99_ms"), "≤ 1.25×", x => x <= 1.25, "0.00");
        }

        double? IdleKib(string target)
        {
            var row = idle.Where(r => Str(r, "target") == target && Num(r, "kib_per_connection") is not null)
                .OrderByDescending(r => Num(r, "connections")).FirstOrDefault();
            return row.ValueKind == JsonValueKind.Undefined ? null : Num(row, "kib_per_connection");
        }

        var largest = idle.Count > 0 ? idle.Max(r => Num(r, "connections") ?? 0) : 0;
        Line("idle memory ≤ 1.25× bare SignalR", $"KiB per idle connection, largest N ({largest:0})", IdleKib("signaling"), IdleKib("baseline"), "≤ 1.25×", x => x <= 1.25, "0.0");
        Line("stretch: idle memory ≤ PeerJS", $"KiB per idle connection, largest N ({largest:0})", IdleKib("signaling"), IdleKib("peerjs"), "≤ 1.00×", x => x <= 1.0, "0.0");
        // The best level's median: with several runs per level the best single run would favour a lucky window.
        var best = churn.Count > 0 ? ChurnLevels(churn).Max(level => Median(level.ToList(), "cycles_per_s") ?? 0) : (double?)null;
        Line("churn ≥ 2,000/s on PostgreSQL", "create+join+leave cycles/s, best concurrency (median of its runs)", best, 2000, "≥ 1.00× (2,000/s)", x => x >= 1.0, "N0");
        md.AppendLine();
        return md.ToString();
    }

    private static void WritePlots(string dir, List<IGrouping<(string Label, string Target, string Protocol, int Pairs), JsonElement>> groups, List<JsonElement> idle)
    {
        var plotDir = Path.Combine(dir, "plot-data");
        Directory.CreateDirectory(plotDir);
        var present = new List<string>();
        foreach (var series in Series)
        {
            var rows = groups.Where(g => g.Key.Target + "/" + g.Key.Protocol == series).OrderBy(g => g.Key.Pairs).ToList();
            if (rows.Count == 0) continue;
            var name = series.Replace('/', '-');
            present.Add(name);
            var text = new StringBuilder("# pairs msgs_med msgs_min msgs_max cpu_med cpu_min cpu_max p99_med p99_min p99_max p50_med\n");
            foreach (var g in rows)
            {
                var r = g.ToList();
                text.AppendLine(string.Join(" ", g.Key.Pairs, F(Median(r, "msgs_per_s")), F(Min(r, "msgs_per_s")), F(Max(r, "msgs_per_s")),
                    F(Median(r, "server_cpu_us_per_msg")), F(Min(r, "server_cpu_us_per_msg")), F(Max(r, "server_cpu_us_per_msg")),
                    F(Median(r, "rtt_p99_ms")), F(Min(r, "rtt_p99_ms")), F(Max(r, "rtt_p99_ms")), F(Median(r, "rtt_p50_ms"))));
            }

            File.WriteAllText(Path.Combine(plotDir, $"relay-{name}.dat"), text.ToString());
        }

        var idleTargets = new List<string>();
        foreach (var target in new[] { "signaling", "baseline", "peerjs" })
        {
            var rows = idle.Where(r => Str(r, "target") == target && Num(r, "kib_per_connection") is not null).OrderBy(r => Num(r, "connections")).ToList();
            if (rows.Count == 0) continue;
            idleTargets.Add(target);
            File.WriteAllText(Path.Combine(plotDir, $"idle-{target}.dat"),
                "# connections kib_per_connection\n" + string.Concat(rows.Select(r => $"{F(Num(r, "connections"))} {F(Num(r, "kib_per_connection"))}\n")));
        }

        string Plot(string file, string title, string ylabel, string columns, bool logY) =>
            $"set output '{file}'\nset title '{title}'\nset ylabel '{ylabel}'\n{(logY ? "set logscale y\n" : "unset logscale y\n")}"
            + "plot " + string.Join(", \\\n     ", present.Select((s, i) =>
                $"'plot-data/relay-{s}.dat' using 1:{columns} with yerrorlines title '{s.Replace("-peerjs", "").Replace('-', ' ')}' ls {i + 1}")) + "\n\n";

        var gp = new StringBuilder();
        gp.AppendLine("# gnuplot script written by `bench-relay report`; run from the results directory.");
        gp.AppendLine("set terminal pngcairo size 900,560 noenhanced font ',11'");
        gp.AppendLine("set key outside right top");
        gp.AppendLine("set grid");
        gp.AppendLine("set logscale x 2");
        gp.AppendLine("set xlabel 'pairs (P), one message in flight per pair'");
        gp.AppendLine("set xtics (1, 16, 128, 512)");
        gp.AppendLine("set xrange [0.8:700]");
        for (var i = 0; i < 5; i++) gp.AppendLine($"set style line {i + 1} lw 2 pt {i + 5} ps 1.2");
        if (present.Count > 0)
        {
            gp.Append(Plot("relay-msgs-per-s.png", "relay-echo throughput (messages/s, both directions; median, range)", "messages/s", "2:3:4", false));
            gp.Append(Plot("relay-cpu-us-per-msg.png", "server CPU per relayed message (utime+stime ÷ messages; median, range)", "µs per message", "5:6:7", false));
            gp.Append(Plot("relay-p99-ms.png", "round-trip p99 (ms; median, range)", "ms", "8:9:10", true));
        }

        if (idleTargets.Count > 0)
        {
            gp.AppendLine("unset logscale");
            gp.AppendLine("set xtics auto");
            gp.AppendLine("set xrange [0:11000]");
            gp.AppendLine("set xlabel 'idle connections (N)'");
            gp.AppendLine("set output 'idle-kib-per-connection.png'");
            gp.AppendLine("set title 'server RSS per idle connection (after a forced GC, KiB)'");
            gp.AppendLine("set ylabel 'KiB per connection'");
            gp.AppendLine("set yrange [0:*]");
            gp.AppendLine("plot " + string.Join(", \\\n     ", idleTargets.Select((t, i) =>
                $"'plot-data/idle-{t}.dat' using 1:2 with linespoints title '{t}' ls {i + 1}")));
        }

        File.WriteAllText(Path.Combine(dir, "plots.gp"), gp.ToString());
    }

    private static List<JsonElement> Load(string file)
    {
        if (!File.Exists(file)) return [];
        return File.ReadAllLines(file).Where(l => l.TrimStart().StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    private static void WriteCsv(string file, List<JsonElement> rows)
    {
        if (rows.Count == 0) return;
        var columns = rows.SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Distinct().ToList();
        var csv = new StringBuilder(string.Join(",", columns)).AppendLine();
        foreach (var row in rows)
        {
            csv.AppendLine(string.Join(",", columns.Select(c => row.TryGetProperty(c, out var v) ? Cell(v) : "")));
        }

        File.WriteAllText(file, csv.ToString());
    }

    private static string Cell(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => "\"" + v.GetString()!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        _ => v.GetRawText(),
    };

    private static IEnumerable<IGrouping<(string Storage, int Concurrency), JsonElement>> ChurnLevels(List<JsonElement> churn) =>
        churn.GroupBy(r => (Storage: Str(r, "storage") ?? "", Concurrency: (int)(Num(r, "concurrency") ?? 0)))
            .OrderBy(g => g.Key.Storage).ThenBy(g => g.Key.Concurrency);

    private static string? Str(JsonElement r, string key) =>
        r.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

    private static double? Num(JsonElement r, string key) =>
        r.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static double? Median(List<JsonElement> rows, string key)
    {
        var values = rows.Select(r => Num(r, key)).Where(v => v is not null).Select(v => v!.Value).OrderBy(v => v).ToList();
        if (values.Count == 0) return null;
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    private static double? Min(List<JsonElement> rows, string key) =>
        rows.Select(r => Num(r, key)).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(double.NaN).Min() is var m && double.IsNaN(m) ? null : m;

    private static double? Max(List<JsonElement> rows, string key) =>
        rows.Select(r => Num(r, key)).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(double.NaN).Max() is var m && double.IsNaN(m) ? null : m;

    private static string Range(List<JsonElement> rows, string key, string format) =>
        rows.Count > 1 ? $"{Fmt(Median(rows, key), format)} ({Fmt(Min(rows, key), format)}–{Fmt(Max(rows, key), format)})" : Fmt(Median(rows, key), format);

    private static string Fmt(double? value, string format) => value is { } v ? v.ToString(format, Inv) : "–";

    private static string F(double? value) => value is { } v ? v.ToString("0.####", Inv) : "";
}
