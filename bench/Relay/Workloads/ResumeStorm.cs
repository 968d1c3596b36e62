using System.Collections.Concurrent;
using System.Diagnostics;
using SignalingAkka.Bench.Relay.Measure;
using SignalingAkka.Bench.Relay.Wire;

namespace SignalingAkka.Bench.Relay.Workloads;

/// <summary>
/// Resume storm: clients/2 sessions of two, each side having received one relayed message (so its
/// lastSeq is 1); every socket aborted (no close frame), the guests' a moment before the hosts', and
/// one message relayed to each guest in that moment; then every client reconnects at once with a
/// fresh token and calls RejoinSession with lastSeq 1. Reports the time from the last drop until
/// all are back (rejoin result received), per-client percentiles, retries, and whether each got
/// exactly what it missed (the guest one message, the host none).
/// </summary>
public static class ResumeStorm
{
    public static async Task<int> RunAsync(Cli cli)
    {
        var server = new Uri(cli.Str("url"));
        var wire = HubWire.For(cli.Str("protocol", "json"));
        var clients = cli.Int("clients", 1000);
        var serverPid = cli.Int("server-pid", 0);
        var licence = cli.Str("licence", "bench-licence");
        var storage = cli.Str("storage", "sqlite");
        var deadlineSeconds = cli.Double("deadline", 120);
        var outFile = cli.Maybe("out");
        var label = cli.Maybe("label");
        cli.CheckAllUsed();

        using var lifetime = new CancellationTokenSource(TimeSpan.FromSeconds(180 + deadlineSeconds));
        var ct = lifetime.Token;
        var pairs = clients / 2;
        var candidate = Payload.Candidate(200);
        var sessions = new (DaemonDevice A, DaemonDevice B, string SessionId)[pairs];

        var setup = Stopwatch.StartNew();
        var setupChecks = new RunChecks();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, pairs), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
                async (i, token) =>
                {
                    var a = DaemonDevice.Create();
                    var b = DaemonDevice.Create();
                    await a.ConnectAsync(server, wire, 4096, token).ConfigureAwait(false);
                    await b.ConnectAsync(server, wire, 4096, token).ConfigureAwait(false);
                    await Retry.UnavailableAsync(() => a.RegisterAsync(token), setupChecks).ConfigureAwait(false);
                    await Retry.UnavailableAsync(() => b.RegisterAsync(token), setupChecks).ConfigureAwait(false);
                    var session = await Retry.UnavailableAsync(() => a.CreateSessionAsync(licence, token), setupChecks).ConfigureAwait(false);
                    var sessionId = WireValues.Str(session, "sessionId")!;
                    await Retry.UnavailableAsync(() => b.JoinSessionAsync(WireValues.Str(session, "inviteCode")!, token), setupChecks).ConfigureAwait(false);
                    // One message each way, delivered: each side's lastSeq becomes 1.
                    await a.SendIceCandidateAsync(sessionId, b.Fingerprint, candidate, token).ConfigureAwait(false);
                    await b.SendIceCandidateAsync(sessionId, a.Fingerprint, candidate, token).ConfigureAwait(false);
                    sessions[i] = (a, b, sessionId);
                }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HubCallException or IOException or TimeoutException or System.Net.WebSockets.WebSocketException)
        {
            new ResultRecord("storm")
            {
                ["target"] = "signaling", ["storage"] = storage, ["protocol"] = wire.Name, ["label"] = label, ["clients"] = clients,
                ["setup_retries_unavailable"] = setupChecks.Retries,
                ["setup_connect_retries"] = DaemonDevice.ConnectRetries,
                ["error"] = $"setup failed after {setup.Elapsed.TotalSeconds:0.0} s: {e.GetType().Name}: {e.Message}",
            }.Write(outFile);
            return 1;
        }

        var setupSeconds = setup.Elapsed.TotalSeconds;
        // Wait until every side has its one message (events may trail the call results).
        var waitDelivered = Stopwatch.StartNew();
        while (sessions.Any(s => s.A.Socket.Received < 1 || s.B.Socket.Received < 1) && waitDelivered.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(50, ct).ConfigureAwait(false);
        var notDeliveredBefore = sessions.Count(s => s.A.Socket.Received != 1 || s.B.Socket.Received != 1);

        var devices = sessions.SelectMany(s => new[] { (Device: s.A, s.SessionId, Missed: 0), (Device: s.B, s.SessionId, Missed: 1) }).ToArray();
        var cpu0 = serverPid > 0 ? ProcStats.CpuMicros(serverPid) : null;

        // The storm. Every B socket dies first, then each A relays one more message to its B, which B
        // misses (pushed into a dead socket, or queued once the server noticed), then every A socket
        // dies too. All 1,000 then come back at once, each rejoining with lastSeq 1: a B must get its
        // missed message (seq 2) again before the rejoin result, an A nothing.
        var stormStart = Stopwatch.GetTimestamp();
        foreach (var s in sessions) s.B.Socket.Abort();
        var missedSent = 0;
        await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = ct }, async (s, token) =>
        {
            try
            {
                await s.A.SendIceCandidateAsync(s.SessionId, s.B.Fingerprint, candidate, token).ConfigureAwait(false);
                Interlocked.Increment(ref missedSent);
            }
            catch (Exception e) when (e is HubCallException or IOException or TimeoutException)
            {
                // counted through missedSent
            }
        }).ConfigureAwait(false);
        foreach (var s in sessions) s.A.Socket.Abort();
        var t0 = Stopwatch.GetTimestamp();
        var dropSpreadSeconds = Stopwatch.GetElapsedTime(stormStart, t0).TotalSeconds;

        var backAt = new long[devices.Length];
        var attempts = new int[devices.Length];
        var redelivered = new long[devices.Length];
        var exact = new bool[devices.Length];
        var retired = new ConcurrentBag<BenchSocket>();
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var deadline = TimeSpan.FromSeconds(deadlineSeconds);
        await Task.WhenAll(devices.Select((d, i) => Task.Run(async () =>
        {
            var old = d.Device.Socket;
            while (Stopwatch.GetElapsedTime(t0) < deadline && !ct.IsCancellationRequested)
            {
                attempts[i]++;
                try
                {
                    if (!d.Device.Socket.IsOpen || ReferenceEquals(d.Device.Socket, old))
                    {
                        retired.Add(d.Device.Socket);
                        // One try per pass: the storm loop itself retries, and counts attempts.
                        await d.Device.ConnectAsync(server, wire, 4096, ct, tries: 1).ConfigureAwait(false);
                    }
                    var info = await d.Device.RejoinSessionAsync(d.SessionId, 1, ct).ConfigureAwait(false);
                    redelivered[i] = WireValues.Long(info, "redelivered") ?? -1;
                    backAt[i] = Stopwatch.GetTimestamp();
                    // The redelivered events came before the result, on the new socket.
                    exact[i] = redelivered[i] == d.Missed && d.Device.Socket.Received == d.Missed;
                    return;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    var code = e is HubCallException call ? SessionChurn.Code(call.Error) : e.GetType().Name;
                    errors.AddOrUpdate(code, 1, (_, n) => n + 1);
                    await Task.Delay(200, ct).ConfigureAwait(false);
                }
            }
        }, ct))).ConfigureAwait(false);

        var back = backAt.Count(t => t != 0);
        var perClient = backAt.Where(t => t != 0).Select(t => t - t0).ToArray();
        Array.Sort(perClient);
        var allBackSeconds = back == devices.Length ? perClient[^1] / (double)Stopwatch.Frequency : (double?)null;
        var cpu1 = serverPid > 0 ? ProcStats.CpuMicros(serverPid) : null;

        // After the storm every session relays again: one message each way, must be delivered.
        var relayOk = 0;
        await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct }, async (s, token) =>
        {
            try
            {
                var ab = await s.A.SendIceCandidateAsync(s.SessionId, s.B.Fingerprint, candidate, token).ConfigureAwait(false);
                var ba = await s.B.SendIceCandidateAsync(s.SessionId, s.A.Fingerprint, candidate, token).ConfigureAwait(false);
                if (WireValues.Str(ab, "delivered") is "true" or "True" && WireValues.Str(ba, "delivered") is "true" or "True")
                    Interlocked.Increment(ref relayOk);
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                errors.AddOrUpdate("after:" + e.GetType().Name, 1, (_, n) => n + 1);
            }
        }).ConfigureAwait(false);

        var record = new ResultRecord("storm")
        {
            ["target"] = "signaling",
            ["storage"] = storage,
            ["protocol"] = wire.Name,
            ["label"] = label,
            ["clients"] = devices.Length,
            ["sessions"] = pairs,
            ["setup_s"] = setupSeconds,
            ["setup_retries_unavailable"] = setupChecks.Retries,
            ["setup_connect_retries"] = DaemonDevice.ConnectRetries,
            ["not_delivered_before"] = notDeliveredBefore,
            ["back"] = back,
            ["all_back_s"] = allBackSeconds,
            ["p50_back_s"] = perClient.Length > 0 ? perClient[perClient.Length / 2] / (double)Stopwatch.Frequency : null,
            ["p99_back_s"] = perClient.Length > 0 ? perClient[Math.Min(perClient.Length - 1, (int)Math.Ceiling(perClient.Length * 0.99) - 1)] / (double)Stopwatch.Frequency : null,
            ["attempts"] = attempts.Sum(),
            ["retried_clients"] = attempts.Count(a => a > 1),
            ["errors"] = errors.Values.Sum(),
            ["error_codes"] = string.Join(" ", errors.Select(e => $"{e.Key}={e.Value}")),
            ["drop_spread_s"] = dropSpreadSeconds,
            ["missed_sent"] = missedSent,
            ["redelivered_total"] = redelivered.Where(r => r > 0).Sum(),
            ["exact_redelivery_clients"] = exact.Count(e => e),
            ["sessions_relaying_after"] = relayOk,
            ["daemon_cpu_s_during_storm"] = cpu0 is { } c0 && cpu1 is { } c1 ? (c1 - c0) / 1e6 : null,
            ["server_rss_kib"] = serverPid > 0 ? ProcStats.RssKib(serverPid) : null,
        };
        record.Write(outFile);

        await Task.WhenAll(devices.Select(d => d.Device.DisposeAsync().AsTask())
            .Concat(retired.Distinct().Where(r => devices.All(d => !ReferenceEquals(d.Device.Socket, r))).Select(r => r.DisposeAsync().AsTask())))
            .ConfigureAwait(false);
        return back == devices.Length && relayOk == pairs ? 0 : 2;
    }
}
