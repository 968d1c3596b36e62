using System.Diagnostics;
using System.Runtime.InteropServices;
using SignalingAkka.Bench.Relay.Measure;
using SignalingAkka.Bench.Relay.Wire;
using SignalingAkka.Protocol;

namespace SignalingAkka.Bench.Relay.Workloads;

/// <summary>
/// N idle connections: the server's RSS (VmRSS) after a collection and once it settles, minus the
/// RSS before connecting, ÷ N. The daemon's connections carry valid v1 tokens of unregistered
/// devices (allowed to connect); SignalR clients ping every 10 s and PeerJS clients send a
/// HEARTBEAT every 20 s, as real clients do, so nobody is timed out.
/// </summary>
public static partial class IdleConnections
{
    private const int IdleBufferBytes = 512;
    private const int SigUsr2 = 12;

    public static async Task<int> RunAsync(Cli cli)
    {
        var kind = cli.Str("target");
        var server = new Uri(cli.Str("url"));
        var levels = cli.Str("connections", "2000").Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        var serverPid = cli.Int("server-pid");
        var parallel = cli.Int("connect-parallel", 64);
        var warmupConnections = cli.Int("warmup-connections", 200);
        var runtime = cli.Str("runtime", kind == "peerjs" ? "node" : "dotnet");
        var outFile = cli.Maybe("out");
        var label = cli.Maybe("label");
        cli.CheckAllUsed();

        using var lifetime = new CancellationTokenSource(TimeSpan.FromSeconds(120 + levels.Max() / 20));
        var ct = lifetime.Token;
        var open = new List<BenchSocket>(levels.Max());
        var failures = 0;
        string? failureSample = null;
        var exit = 0;

        // A first small batch opens and closes, so one-time costs (JIT of the connect path, pools)
        // are in the "before" figure rather than spread over the N connections.
        var warm = await ConnectManyAsync(kind, server, warmupConnections, parallel, ct).ConfigureAwait(false);
        await Task.WhenAll(warm.Sockets.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        var before = await SettledRssAsync(serverPid, runtime, ct).ConfigureAwait(false);

        using var keepAlive = new CancellationTokenSource();
        var pinger = KeepAliveAsync(open, kind, keepAlive.Token);
        var connectSeconds = 0.0;
        try
        {
            // Levels are cumulative: 2,000, then 3,000 more for 5,000, then 5,000 more for 10,000,
            // each measured against the same RSS before the first connection.
            foreach (var level in levels)
            {
                var watch = Stopwatch.StartNew();
                var batch = await ConnectManyAsync(kind, server, level - open.Count - failures, parallel, ct).ConfigureAwait(false);
                connectSeconds += watch.Elapsed.TotalSeconds;
                lock (open) open.AddRange(batch.Sockets);
                failures += batch.Failures;
                failureSample ??= batch.FailureSample;

                await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
                var after = await SettledRssAsync(serverPid, runtime, ct).ConfigureAwait(false);
                int stillOpen;
                string? closedSample;
                lock (open)
                {
                    stillOpen = open.Count(s => s.IsOpen);
                    closedSample = open.FirstOrDefault(s => !s.IsOpen)?.Failure;
                }

                new ResultRecord("idle")
                {
                    ["target"] = kind,
                    ["label"] = label,
                    ["connections"] = level,
                    ["connected"] = open.Count,
                    ["still_open"] = stillOpen,
                    ["connect_failures"] = failures,
                    ["failure_sample"] = failureSample ?? closedSample,
                    ["connect_s"] = connectSeconds,
                    ["connects_per_s"] = open.Count / connectSeconds,
                    ["rss_before_kib"] = before.Rss,
                    ["rss_after_kib"] = after.Rss,
                    ["gc_forced"] = before.Collected && after.Collected,
                    ["kib_per_connection"] = stillOpen > 0 && before.Rss is { } b && after.Rss is { } a ? (a - b) / (double)stillOpen : null,
                    ["server_threads"] = ProcStats.Threads(serverPid),
                    ["server_cpus"] = ProcStats.CpusAllowed(serverPid),
                    ["loadavg"] = ProcStats.LoadAverage(),
                }.Write(outFile);
                if (failures > 0 || stillOpen != open.Count) exit = 2;
            }
        }
        finally
        {
            await keepAlive.CancelAsync().ConfigureAwait(false);
            await pinger.ConfigureAwait(false);
            List<BenchSocket> all;
            lock (open) all = open.ToList();
            foreach (var socket in all) socket.Abort();
            await Task.WhenAll(all.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        }

        return exit;
    }

    private static async Task<(List<BenchSocket> Sockets, int Failures, string? FailureSample)> ConnectManyAsync(
        string kind, Uri server, int count, int parallel, CancellationToken ct)
    {
        var sockets = new BenchSocket?[count];
        var failures = 0;
        string? sample = null;
        var run = Guid.NewGuid().ToString("N")[..6];
        var wire = HubWire.For("json");
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct },
            async (i, token) =>
            {
                try
                {
                    sockets[i] = kind switch
                    {
                        "signaling" => await ConnectDaemonAsync(server, wire, token).ConfigureAwait(false),
                        "baseline" => await HubSocket.ConnectAsync(new Uri(server, "/relay"), null, wire, "Relay", IdleBufferBytes, token).ConfigureAwait(false),
                        "peerjs" => await PeerJsSocket.ConnectAsync(server, $"idle{i}-{run}", IdleBufferBytes, token).ConfigureAwait(false),
                        _ => throw new ArgumentException($"unknown target '{kind}'"),
                    };
                }
                catch (Exception e) when (e is not ArgumentException)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref sample, $"{e.GetType().Name}: {e.Message}", null);
                }
            }).ConfigureAwait(false);
        return (sockets.Where(s => s is not null).Select(s => s!).ToList(), failures, sample);
    }

    private static async Task<BenchSocket> ConnectDaemonAsync(Uri server, HubWire wire, CancellationToken ct)
    {
        using var key = DeviceKeyPair.Generate();
        var fingerprint = Fingerprints.Compute("bench-idle", Guid.NewGuid().ToString("N"));
        var token = AccessToken.Create(key, fingerprint, DateTimeOffset.UtcNow, includePublicKey: true);
        return await HubSocket.ConnectAsync(new Uri(server, HubNames.Path), token, wire, HubEvents.IceCandidate, IdleBufferBytes, ct).ConfigureAwait(false);
    }

    /// <summary>SignalR pings every 10 s (the server times a client out after 30 s of silence); PeerJS heartbeats every 20 s.</summary>
    private static async Task KeepAliveAsync(List<BenchSocket> sockets, string kind, CancellationToken ct)
    {
        var interval = kind == "peerjs" ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(10);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(interval, ct).ConfigureAwait(false);
                BenchSocket[] snapshot;
                lock (sockets) snapshot = sockets.ToArray();
                foreach (var socket in snapshot)
                {
                    if (!socket.IsOpen) continue;
                    try
                    {
                        if (socket is HubSocket hub) await hub.PingAsync(ct).ConfigureAwait(false);
                        else await socket.SendAsync(PeerJsSocket.Heartbeat, ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
                    {
                        // counted as not open at the end
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Forces a collection (a .NET server through its diagnostics socket; node through SIGUSR2,
    /// which bench/peerjs/server.js answers with global.gc()), then waits until VmRSS holds within
    /// 1% over three readings a second apart, at most 20 s.
    /// </summary>
    private static async Task<(long? Rss, bool Collected)> SettledRssAsync(int pid, string runtime, CancellationToken ct)
    {
        var collected = runtime == "node"
            ? Kill(pid, SigUsr2) == 0
            : await DiagnosticsGc.CollectAsync(pid, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        var readings = new List<long>();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            if (ProcStats.RssKib(pid) is not { } rss) return (null, collected);
            readings.Add(rss);
            if (readings.Count >= 3)
            {
                var last = readings.TakeLast(3).ToList();
                if (last.Max() - last.Min() <= last.Max() / 100) return (last[^1], collected);
            }
        }

        return (readings.LastOrDefault(), collected);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
