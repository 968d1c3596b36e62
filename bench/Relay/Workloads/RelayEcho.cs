using System.Diagnostics;
using SignalingAkka.Bench.Relay.Measure;
using SignalingAkka.Bench.Relay.Wire;

namespace SignalingAkka.Bench.Relay.Workloads;

/// <summary>
/// relay-echo: P pairs, one message in flight per pair. A sends the candidate to B through the
/// server; B, on receiving it, sends it straight back; A, on receiving that, records the round trip
/// and sends the next. After a warm-up, a measured window: messages/s counting both directions,
/// the server's CPU (utime+stime from /proc/PID/stat) per relayed message, round-trip percentiles.
/// </summary>
public static class RelayEcho
{
    private const int Measuring = 1;
    private const int Stopping = 2;

    public static async Task<int> RunAsync(Cli cli)
    {
        var kind = cli.Str("target");
        var server = new Uri(cli.Str("url"));
        var protocol = cli.Str("protocol", kind == "peerjs" ? "peerjs" : "json");
        var pairCounts = cli.Str("pairs", "16").Split(',').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var warmup = TimeSpan.FromSeconds(cli.Double("warmup", 5));
        var duration = TimeSpan.FromSeconds(cli.Double("duration", 10));
        var prewarm = TimeSpan.FromSeconds(cli.Double("prewarm", 0));
        var prewarmPairs = cli.Int("prewarm-pairs", 128);
        var serverPid = cli.Int("server-pid", 0);
        var candidateChars = cli.Int("payload-chars", 1000);
        var licence = cli.Str("licence", "bench-licence");
        var setupParallel = cli.Int("setup-parallel", 16);
        var outFile = cli.Maybe("out");
        var label = cli.Maybe("label");
        var round = cli.Int("round", 1);
        cli.CheckAllUsed();

        var candidate = Payload.Candidate(candidateChars);
        var checks = new RunChecks();
        var target = RelayTarget.For(kind, server, protocol, licence);
        var most = Math.Max(pairCounts.Max(), prewarm > TimeSpan.Zero ? prewarmPairs : 0);
        // Bounded in time as a whole: setup, prewarm, and every step's warm-up, window and drain.
        using var lifetime = new CancellationTokenSource(TimeSpan.FromSeconds(240) + prewarm
            + (warmup + duration + TimeSpan.FromSeconds(10)) * pairCounts.Length);
        var ct = lifetime.Token;

        // Every pair is set up once; each step drives the first P of them while the rest idle
        // (pinged every 10 s, as SignalR and PeerJS clients do, so the servers keep them).
        var setupWatch = Stopwatch.StartNew();
        List<RelayPair> pairs;
        try
        {
            pairs = await target.CreatePairsAsync(most, candidate, checks, setupParallel, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            foreach (var p in pairCounts)
            {
                new ResultRecord("relay-echo")
                {
                    ["target"] = kind, ["protocol"] = target.Protocol, ["pairs"] = p, ["label"] = label, ["round"] = round,
                    ["error"] = $"setup of {most} pairs failed: {e.GetType().Name}: {e.Message}",
                }.Write(outFile);
            }

            return 1;
        }

        var setupSeconds = setupWatch.Elapsed.TotalSeconds;
        var states = pairs.Select(p => new PairState(p)).ToArray();
        var active = 0;
        using var keepAlive = new CancellationTokenSource();
        var pinger = KeepIdlePairsAliveAsync(states, () => Volatile.Read(ref active), kind, keepAlive.Token);
        var exit = 0;

        if (prewarm > TimeSpan.Zero)
        {
            Volatile.Write(ref active, Math.Min(prewarmPairs, states.Length));
            await StepAsync(states.AsMemory(0, Math.Min(prewarmPairs, states.Length)), prewarm, TimeSpan.Zero, serverPid, ct).ConfigureAwait(false);
        }

        foreach (var count in pairCounts)
        {
            Volatile.Write(ref active, count);
            var m = await StepAsync(states.AsMemory(0, count), warmup, duration, serverPid, ct).ConfigureAwait(false);
            Volatile.Write(ref active, 0);
            var record = new ResultRecord("relay-echo")
            {
                ["target"] = kind,
                ["protocol"] = target.Protocol,
                ["pairs"] = count,
                ["label"] = label,
                ["round"] = round,
                ["payload_chars"] = candidateChars,
                ["pairs_set_up"] = states.Length,
                ["setup_s"] = setupSeconds,
                ["prewarm_s"] = prewarm.TotalSeconds,
                ["warmup_s"] = warmup.TotalSeconds,
                ["window_s"] = m.Seconds,
                ["messages"] = m.Messages,
                ["msgs_per_s"] = m.Messages / m.Seconds,
                ["server_cpu_us_per_msg"] = m.ServerCpuMicros is { } c && m.Messages > 0 ? c / m.Messages : null,
                ["server_cpu_pct"] = m.ServerCpuMicros is { } a ? a / (m.Seconds * 1e6) * 100 : null,
                ["client_cpu_pct"] = m.ClientCpuMicros / (m.Seconds * 1e6) * 100,
                ["client_cpu_us_per_msg"] = m.Messages > 0 ? m.ClientCpuMicros / m.Messages : null,
                // Everything else that ran on the machine during the window (other processes, the kernel's
                // softirq work not charged to either process): a disturbed point shows up here.
                ["other_cpu_pct"] = m.ServerCpuMicros is { } o ? (m.MachineBusyMicros - o - m.ClientCpuMicros) / (m.Seconds * 1e6) * 100 : null,
                ["loadavg"] = ProcStats.LoadAverage(),
                ["rtt_samples"] = m.Samples.Length,
                ["rtt_p50_ms"] = Percentiles.Ms(m.Samples, 50),
                ["rtt_p90_ms"] = Percentiles.Ms(m.Samples, 90),
                ["rtt_p99_ms"] = Percentiles.Ms(m.Samples, 99),
                ["rtt_p999_ms"] = Percentiles.Ms(m.Samples, 99.9),
                ["rtt_mean_ms"] = m.Samples.Length > 0 ? m.Samples.Average() * 1000.0 / Stopwatch.Frequency : null,
                ["rtt_max_ms"] = m.Samples.Length > 0 ? Percentiles.Ms(m.Samples, 100) : null,
                ["stalled_pairs"] = m.Stalled,
                ["lost_in_drain"] = m.Lost,
                ["connection_failures"] = m.Failures.Count,
                ["failure_sample"] = m.Failures.FirstOrDefault(),
                ["payload_checks"] = checks.Checked,
                ["payload_check_failures"] = checks.Bad,
                ["setup_retries_unavailable"] = checks.Retries,
                ["setup_connect_retries"] = DaemonDevice.ConnectRetries,
                ["server_rss_kib"] = serverPid > 0 ? ProcStats.RssKib(serverPid) : null,
                ["server_threads"] = serverPid > 0 ? ProcStats.Threads(serverPid) : null,
                ["server_cpus"] = serverPid > 0 ? ProcStats.CpusAllowed(serverPid) : null,
                ["client_cpus"] = ProcStats.CpusAllowed(Environment.ProcessId),
                ["spin_limit"] = serverPid > 0 ? ProcStats.Environment(serverPid, "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit") : null,
            };
            record.Write(outFile);
            if (m.Stalled > 0 || m.Lost > 0 || checks.Bad > 0) exit = 2;
        }

        await keepAlive.CancelAsync().ConfigureAwait(false);
        await pinger.ConfigureAwait(false);
        await EndPairsAsync(target, pairs, setupParallel, ct).ConfigureAwait(false);
        await Task.WhenAll(pairs.SelectMany(p => new[] { p.A.DisposeAsync().AsTask(), p.B.DisposeAsync().AsTask() })).ConfigureAwait(false);
        return exit;
    }

    /// <summary>Ends every pair's call as its client would (the daemon's sessions are left); a failure is reported, not fatal.</summary>
    private static async Task EndPairsAsync(RelayTarget target, List<RelayPair> pairs, int parallel, CancellationToken ct)
    {
        var failed = 0;
        string? sample = null;
        await Parallel.ForEachAsync(pairs, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (pair, _) =>
        {
            try
            {
                await target.EndPairAsync(pair, ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref sample, $"{e.GetType().Name}: {e.Message}", null);
            }
        }).ConfigureAwait(false);
        if (failed > 0) Console.Error.WriteLine($"{failed} of {pairs.Count} pairs could not end their call ({sample})");
    }

    /// <summary>Drives the given pairs: warm-up, then a measured window (none when <paramref name="window"/> is zero), then a drain.</summary>
    private static async Task<StepMeasure> StepAsync(Memory<PairState> active, TimeSpan warmup, TimeSpan window, int serverPid, CancellationToken ct)
    {
        var states = active.ToArray();
        var step = new Step();
        foreach (var state in states)
        {
            var s = state;
            s.Samples.Clear();
            s.Done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            s.Pair.B.OnRelay = (socket, _) => socket.SendAsync(s.Pair.BToA, ct);
            s.Pair.A.OnRelay = (socket, _) =>
            {
                var now = Stopwatch.GetTimestamp();
                var current = Volatile.Read(ref step.Phase);
                if (current == Measuring) s.Samples.Add(now - s.SentAt);
                if (current == Stopping)
                {
                    s.Done.TrySetResult();
                    return ValueTask.CompletedTask;
                }

                s.SentAt = Stopwatch.GetTimestamp();
                return socket.SendAsync(s.Pair.AToB, ct);
            };
        }

        foreach (var state in states)
        {
            state.SentAt = Stopwatch.GetTimestamp();
            await state.Pair.A.SendAsync(state.Pair.AToB, ct).ConfigureAwait(false);
        }

        await Task.Delay(warmup, ct).ConfigureAwait(false);

        var selfPid = Environment.ProcessId;
        var cpu0 = serverPid > 0 ? ProcStats.CpuMicros(serverPid) : null;
        var self0 = ProcStats.CpuMicros(selfPid) ?? 0;
        var machine0 = ProcStats.MachineBusyMicros();
        var perPair0 = states.Select(s => s.Pair.A.Received + s.Pair.B.Received).ToArray();
        var t0 = Stopwatch.GetTimestamp();
        if (window > TimeSpan.Zero)
        {
            Volatile.Write(ref step.Phase, Measuring);
            await Task.Delay(window, ct).ConfigureAwait(false);
        }

        var perPair1 = states.Select(s => s.Pair.A.Received + s.Pair.B.Received).ToArray();
        var t1 = Stopwatch.GetTimestamp();
        var cpu1 = serverPid > 0 ? ProcStats.CpuMicros(serverPid) : null;
        var self1 = ProcStats.CpuMicros(selfPid) ?? 0;
        var machine1 = ProcStats.MachineBusyMicros();
        Volatile.Write(ref step.Phase, Stopping);

        // Drain: every pair's last round trip comes home, or counts as lost.
        var drained = Task.WhenAll(states.Select(s => s.Done.Task));
        await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(5), ct)).ConfigureAwait(false);
        foreach (var state in states)
        {
            state.Pair.A.OnRelay = null;
            state.Pair.B.OnRelay = null;
        }

        var samples = states.SelectMany(s => s.Samples).ToArray();
        Array.Sort(samples);
        return new StepMeasure(
            Stopwatch.GetElapsedTime(t0, t1).TotalSeconds,
            perPair1.Sum() - perPair0.Sum(),
            cpu0 is { } c0 && cpu1 is { } c1 ? c1 - c0 : null,
            self1 - self0,
            machine1 - machine0,
            samples,
            window > TimeSpan.Zero ? perPair1.Zip(perPair0).Count(x => x.First == x.Second) : 0,
            states.Count(s => !s.Done.Task.IsCompleted),
            states.SelectMany(s => new[] { s.Pair.A.Failure, s.Pair.B.Failure }).Where(f => f is not null).Select(f => f!).ToList());
    }

    /// <summary>Pings (SignalR) or heartbeats (PeerJS) every pair beyond the active ones every 10 s.</summary>
    private static async Task KeepIdlePairsAliveAsync(PairState[] states, Func<int> activeCount, string kind, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
                var first = activeCount();
                for (var i = first; i < states.Length; i++)
                {
                    foreach (var socket in new[] { states[i].Pair.A, states[i].Pair.B })
                    {
                        if (!socket.IsOpen) continue;
                        try
                        {
                            if (socket is HubSocket hub) await hub.PingAsync(ct).ConfigureAwait(false);
                            else await socket.SendAsync(PeerJsSocket.Heartbeat, ct).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
                        {
                            // shows up as a connection failure in the next step that uses the pair
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Step
    {
        public int Phase;
    }

    private sealed record StepMeasure(
        double Seconds, long Messages, double? ServerCpuMicros, double ClientCpuMicros, double MachineBusyMicros, long[] Samples, int Stalled, int Lost, List<string> Failures);

    private sealed class PairState(RelayPair pair)
    {
        public RelayPair Pair { get; } = pair;
        public long SentAt;
        public List<long> Samples { get; } = new(4096);
        public TaskCompletionSource Done { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
