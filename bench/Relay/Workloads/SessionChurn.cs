using System.Collections.Concurrent;
using System.Diagnostics;
using SignalingAkka.Bench.Relay.Measure;
using SignalingAkka.Bench.Relay.Wire;

namespace SignalingAkka.Bench.Relay.Workloads;

/// <summary>
/// Session churn on the daemon: C workers, each a registered host and guest, loop
/// CreateSession (host) → JoinSession (guest, by invite code) → LeaveSession (host, which ends the
/// session with HOST_LEFT and frees the invite code). Reports cycles per second in a window after
/// a warm-up, cycle latency, errors by code, the CPU of the daemon and of PostgreSQL per cycle, and
/// whether the daemon's read-model writer kept up (records written in the window, backlog at its
/// start and end, from /metrics): a rate the read model does not keep up with cannot be sustained.
/// </summary>
public static class SessionChurn
{
    private const string Written = "signaling_readmodel_written_total";
    private const string Backlog = "signaling_readmodel_queue_length";

    // The runtime's own counters: what a cycle costs the daemon in allocation, collector pauses and hand-offs between
    // threads. They vary far less from run to run than CPU time on this machine, so they show a change that CPU hides.
    private const string Allocated = "system_runtime_dotnet_gc_heap_total_allocated";
    private const string GcPause = "system_runtime_dotnet_gc_pause_time";
    private const string WorkItems = "system_runtime_dotnet_thread_pool_work_item_count";
    private static readonly string[] Scraped = [Written, Backlog, Allocated, GcPause, WorkItems];

    public static async Task<int> RunAsync(Cli cli)
    {
        var server = new Uri(cli.Str("url"));
        var wire = HubWire.For(cli.Str("protocol", "json"));
        var concurrency = cli.Int("concurrency", 16);
        var warmup = TimeSpan.FromSeconds(cli.Double("warmup", 5));
        var duration = TimeSpan.FromSeconds(cli.Double("duration", 10));
        var serverPid = cli.Int("server-pid", 0);
        var pgUser = cli.Maybe("pg-user");
        var licence = cli.Str("licence", "bench-licence");
        var storage = cli.Str("storage", "postgresql");
        var outFile = cli.Maybe("out");
        var label = cli.Maybe("label");
        cli.CheckAllUsed();

        using var lifetime = new CancellationTokenSource(TimeSpan.FromSeconds(120) + warmup + duration);
        var ct = lifetime.Token;
        var workers = new (DaemonDevice Host, DaemonDevice Guest)[concurrency];
        var setupChecks = new RunChecks();
        await Parallel.ForEachAsync(Enumerable.Range(0, concurrency), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) =>
            {
                var host = DaemonDevice.Create();
                var guest = DaemonDevice.Create();
                await host.ConnectAsync(server, wire, 16 * 1024, token).ConfigureAwait(false);
                await guest.ConnectAsync(server, wire, 16 * 1024, token).ConfigureAwait(false);
                await Retry.UnavailableAsync(() => host.RegisterAsync(token), setupChecks).ConfigureAwait(false);
                await Retry.UnavailableAsync(() => guest.RegisterAsync(token), setupChecks).ConfigureAwait(false);
                workers[i] = (host, guest);
            }).ConfigureAwait(false);

        var phase = 0; // 0 warm-up, 1 measuring, 2 stop
        var cycles = new long[concurrency];
        var latencies = new List<long>[concurrency];
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var tasks = Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            var (host, guest) = workers[i];
            latencies[i] = new List<long>(4096);
            while (Volatile.Read(ref phase) < 2 && !ct.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    var session = await host.CreateSessionAsync(licence, ct).ConfigureAwait(false);
                    var sessionId = WireValues.Str(session, "sessionId")!;
                    await guest.JoinSessionAsync(WireValues.Str(session, "inviteCode")!, ct).ConfigureAwait(false);
                    await host.LeaveSessionAsync(sessionId, ct).ConfigureAwait(false);
                    Interlocked.Increment(ref cycles[i]);
                    if (Volatile.Read(ref phase) == 1) latencies[i].Add(Stopwatch.GetTimestamp() - start);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    var code = e is HubCallException call ? Code(call.Error) : e.GetType().Name;
                    errors.AddOrUpdate(code, 1, (_, n) => n + 1);
                    if (!host.Socket.IsOpen || !guest.Socket.IsOpen) return; // a dead worker stops; counted below
                    await Task.Delay(50, ct).ConfigureAwait(false);
                }
            }
        }, ct)).ToArray();

        using var http = new HttpClient();
        var scrape = new PrometheusScrape(http, new Uri(server, "/metrics"));
        await Task.Delay(warmup, ct).ConfigureAwait(false);
        var m0 = await scrape.ReadAsync(Scraped, ct).ConfigureAwait(false);
        var c0 = cycles.Sum();
        var cpu0 = serverPid > 0 ? ProcStats.CpuMicros(serverPid) : null;
        var pg0 = pgUser is null ? (double?)null : ProcStats.CpuMicrosOfUser(pgUser);
        var self0 = ProcStats.CpuMicros(Environment.ProcessId) ?? 0;
        var machine0 = ProcStats.MachineBusyMicros();
        var t0 = Stopwatch.GetTimestamp();
        Volatile.Write(ref phase, 1);
        await Task.Delay(duration, ct).ConfigureAwait(false);
        var c1 = cycles.Sum();
        var t1 = Stopwatch.GetTimestamp();
        var cpu1 = serverPid > 0 ? ProcStats.CpuMicros(serverPid) : null;
        var pg1 = pgUser is null ? (double?)null : ProcStats.CpuMicrosOfUser(pgUser);
        var self1 = ProcStats.CpuMicros(Environment.ProcessId) ?? 0;
        var machine1 = ProcStats.MachineBusyMicros();
        var m1 = await scrape.ReadAsync(Scraped, ct).ConfigureAwait(false);
        Volatile.Write(ref phase, 2);
        await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(TimeSpan.FromSeconds(25), ct)).ConfigureAwait(false);

        var seconds = Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
        var done = c1 - c0;
        var samples = latencies.Where(l => l is not null).SelectMany(l => l).ToArray();
        Array.Sort(samples);
        var record = new ResultRecord("churn")
        {
            ["target"] = "signaling",
            ["storage"] = storage,
            ["protocol"] = wire.Name,
            ["label"] = label,
            ["concurrency"] = concurrency,
            ["window_s"] = seconds,
            ["cycles"] = done,
            ["cycles_per_s"] = done / seconds,
            ["calls_per_s"] = 3 * done / seconds,
            ["cycle_p50_ms"] = Percentiles.Ms(samples, 50),
            ["cycle_p99_ms"] = Percentiles.Ms(samples, 99),
            ["cycle_max_ms"] = samples.Length > 0 ? Percentiles.Ms(samples, 100) : null,
            ["errors"] = errors.Values.Sum(),
            ["error_codes"] = string.Join(" ", errors.Select(e => $"{e.Key}={e.Value}")),
            ["daemon_cpu_pct"] = cpu0 is { } a0 && cpu1 is { } a1 ? (a1 - a0) / (seconds * 1e6) * 100 : null,
            ["daemon_cpu_us_per_cycle"] = cpu0 is { } b0 && cpu1 is { } b1 && done > 0 ? (b1 - b0) / done : null,
            ["postgres_cpu_pct"] = pg0 is { } p0 && pg1 is { } p1 ? (p1 - p0) / (seconds * 1e6) * 100 : null,
            ["postgres_cpu_us_per_cycle"] = pg0 is { } q0 && pg1 is { } q1 && done > 0 ? (q1 - q0) / done : null,
            // The load generator shares CPU 1 with PostgreSQL: together they show whether that core limits.
            ["load_gen_cpu_pct"] = (self1 - self0) / (seconds * 1e6) * 100,
            ["other_cpu_pct"] = cpu0 is { } o0 && cpu1 is { } o1 && pg0 is { } r0 && pg1 is { } r1
                ? (machine1 - machine0 - (o1 - o0) - (r1 - r0) - (self1 - self0)) / (seconds * 1e6) * 100
                : null,
            ["workers_alive"] = workers.Count(w => w.Host.Socket.IsOpen && w.Guest.Socket.IsOpen),
            ["server_rss_kib"] = serverPid > 0 ? ProcStats.RssKib(serverPid) : null,
            ["readmodel_written_per_s"] = m0[Written] is { } w0 && m1[Written] is { } w1 ? (w1 - w0) / seconds : null,
            ["readmodel_backlog_start"] = m0[Backlog],
            ["readmodel_backlog_end"] = m1[Backlog],
            ["daemon_alloc_kb_per_cycle"] = PerCycle(m0, m1, Allocated, done, 1.0 / 1024),
            ["daemon_gc_pause_us_per_cycle"] = PerCycle(m0, m1, GcPause, done, 1e6),
            ["daemon_work_items_per_cycle"] = PerCycle(m0, m1, WorkItems, done, 1),
        };
        record.Write(outFile);

        await Task.WhenAll(workers.SelectMany(w => new[] { w.Host.DisposeAsync().AsTask(), w.Guest.DisposeAsync().AsTask() })).ConfigureAwait(false);
        return errors.IsEmpty ? 0 : 2;
    }

    private static double? PerCycle(IReadOnlyDictionary<string, double?> before, IReadOnlyDictionary<string, double?> after,
        string series, long cycles, double scale) =>
        before[series] is { } b && after[series] is { } a && cycles > 0 ? (a - b) / cycles * scale : null;

    /// <summary>The daemon's code from SignalR's wrapped error text (<c>… HubException: CODE: text</c>).</summary>
    public static string Code(string error)
    {
        var marker = error.LastIndexOf("HubException: ", StringComparison.Ordinal);
        var text = marker >= 0 ? error[(marker + "HubException: ".Length)..] : error;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && text[..colon].All(c => char.IsAsciiLetterUpper(c) || c == '_') ? text[..colon] : "OTHER";
    }
}
