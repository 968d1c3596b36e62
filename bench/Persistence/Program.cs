using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Bench.Persistence;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (Recovery.IsChild(args)) return await Recovery.ChildMainAsync(args);
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var total = Stopwatch.StartNew();
Console.WriteLine($"# SignalingAkka persistence benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine(Machine.Describe());
Console.WriteLine($"options: {options}");
Console.WriteLine($"at start: {Machine.Load()}");
if (Machine.Affinity() is var affinity && (affinity.Contains(',') || affinity.Contains('-')))
    Console.WriteLine($"note: this process may run on CPUs {affinity}; pin it (taskset -c 0) for comparable figures");
Console.WriteLine();

// Ctrl+C or SIGTERM: stop the throwaway PostgreSQL server (and delete its files), then end the process. Exiting is
// forced after 5 s, because shutdown hooks (Akka's coordinated shutdown) may wait on a benchmark in full flight.
var openStores = new List<Store>();
void Interrupted(PosixSignalContext context)
{
    context.Cancel = true;
    Console.Error.WriteLine($"{context.Signal}: stopping the throwaway database and exiting");
    lock (openStores)
    {
        foreach (var open in openStores) open.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(15));
        openStores.Clear();
    }

    _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => Process.GetCurrentProcess().Kill(), TaskScheduler.Default);
    Environment.Exit(130);
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupted);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupted);

var seqBlock = SessionPolicy.Default.SeqBlockSize;
var body = SessionDriver.Body(options.BodyBytes);
var recoveries = new List<RecoveryResult>();
var throughputs = new List<ThroughputResult>();
var serverLogs = new List<string>();

foreach (var kind in options.Stores)
{
    Console.WriteLine($"## {Store.NameOf(kind)}");
    await using var store = kind == StoreKind.PostgreSql ? await Store.StartPostgresAsync(options.PgCpus) : Store.StartSqlite();
    lock (openStores) openStores.Add(store);
    Console.WriteLine(await store.DescribeAsync());
    await using var system = await BenchSystem.StartAsync(kind, store.ConnectionString, countJournalWrites: true, options.Hocon);
    Console.WriteLine($"journal: {system.JournalSettings()}");

    // 1. Recovery of a long history, without and with snapshots.
    foreach (var snapshotEvery in (int[])[BenchSystem.SnapshotsOff, options.SnapshotEvery])
    foreach (var events in options.Events)
    {
        var mode = snapshotEvery == BenchSystem.SnapshotsOff ? "off" : $"every {snapshotEvery}";
        var logsBefore = LogCounts.Snapshot();
        try
        {
            recoveries.Add(await MeasureRecoveryAsync(store, system, snapshotEvery, events, mode, logsBefore));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var problems = Join(LogCounts.Describe(logsBefore, LogCounts.Snapshot()), $"FAILED: {e.GetType().Name}: {e.Message}");
            Console.WriteLine($"snapshots {mode}, {events} events: {problems}");
            recoveries.Add(RecoveryResult.Failed(store.Name, snapshotEvery, events, problems));
            await WaitForJournalAsync(system);
        }
    }

    // 2. Queued-message throughput without snapshots, then at the daemon's interval; a fresh session each.
    foreach (var snapshotEvery in (int[])[BenchSystem.SnapshotsOff, options.SnapshotEvery])
    foreach (var concurrency in options.Concurrency)
    {
        var mode = snapshotEvery == BenchSystem.SnapshotsOff ? "off" : $"every {snapshotEvery}";
        var logsBefore = LogCounts.Snapshot();
        try
        {
            var result = await MeasureThroughputAsync(store, system, snapshotEvery, concurrency, logsBefore);
            throughputs.Add(result);
            Console.WriteLine($"throughput, snapshots {mode}, {concurrency} in flight: {result.Messages} msgs in {result.Seconds:0.00} s = " +
                              $"{result.PerSecond:0} msgs/s, p50 {result.P50:0.00} ms, p99 {result.P99:0.00} ms, max {result.Max:0.0} ms; " +
                              $"{result.EventsPerWrite:0.0} events per journal write, {result.MsPerWrite:0.00} ms each; CPU/msg: bench {result.CpuUsPerMsg:0} µs" +
                              (result.ServerCpuUsPerMsg is { } s ? $", postgres {s:0} µs" : "") +
                              $"; GC gen0/1/2 {result.Gc.Gen0}/{result.Gc.Gen1}/{result.Gc.Gen2}; other processes {result.OtherLoadPercent:0}% of a CPU" +
                              (result.Problems.Length > 0 ? $"; {result.Problems}" : ""));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var problems = Join(LogCounts.Describe(logsBefore, LogCounts.Snapshot()), $"FAILED: {e.GetType().Name}: {e.Message}");
            Console.WriteLine($"throughput, snapshots {mode}, {concurrency} in flight: {problems}");
            throughputs.Add(ThroughputResult.Failed(store.Name, snapshotEvery, concurrency, problems));
            await WaitForJournalAsync(system);
        }
    }

    lock (openStores) openStores.Remove(store);
    if (store.ServerLogSummary() is { } serverLog)
    {
        Console.WriteLine(serverLog);
        serverLogs.Add(serverLog);
    }

    Console.WriteLine();
}

Console.WriteLine($"at end: {Machine.Load()}");
Report.Print(options, recoveries, throughputs, serverLogs, total.Elapsed);
return 0;

async Task<RecoveryResult> MeasureRecoveryAsync(Store store, BenchSystem system, int snapshotEvery, int events, string mode, long[] logsBefore)
{
    var driver = await SessionDriver.OpenAsync(system, SignalingAkka.Protocol.InviteCodes.Generate(), snapshotEvery);
    var sessionId = driver.SessionId;
    var relays = SessionDriver.RelaysFor(events, seqBlock);
    var journalBefore = JournalCounters.Snapshot();
    var deadlocksBefore = store.ServerDeadlocks();
    var write = await driver.RunAsync(driver.Relay(body), options.WriteConcurrency, relays, Timeout.InfiniteTimeSpan);
    var journalWrites = JournalCounters.Peek() - journalBefore;
    await driver.StopAsync();
    var stats = await SettledStatsAsync(store, driver.PersistenceId);
    var deletes = (JournalCounters.Snapshot() - journalBefore).DescribeDeletes();
    var expected = SessionDriver.EventsAfter(relays, seqBlock);
    if (stats.MaxSequenceNr != expected)
        throw new InvalidOperationException($"expected {expected} events in the journal, found highest seq {stats.MaxSequenceNr}");
    var problems = Problems(logsBefore, store.ServerDeadlocks() - deadlocksBefore);
    Console.WriteLine($"snapshots {mode}, {expected} events: wrote {relays} relays at {options.WriteConcurrency} in flight, " +
                      $"{write.PerSecond:0} msgs/s, {journalWrites.EventsPerBatch:0.0} events per journal write; {stats}" +
                      (deletes.Length > 0 ? $"; {deletes}" : "") + (problems.Length > 0 ? $"; {problems}" : ""));
    var snapshotNote = await Recovery.DescribeSnapshotAsync(store, system, driver.PersistenceId);
    if (snapshotNote is not null) Console.WriteLine("  " + snapshotNote);

    var cold = new List<double>();
    if (events == options.Events.Max() && options.ColdRuns > 0)
    {
        // Let this process finish what the write left (GC, background JIT): the children share its CPU.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        await Task.Delay(500);
        for (var i = 0; i < options.ColdRuns; i++)
            cold.Add(await Recovery.RunColdChildAsync(store.Kind, store.ConnectionString, sessionId, snapshotEvery, options.Hocon));
        if (cold.Count > 0) Console.WriteLine($"  cold (new process each): {string.Join(", ", cold.Select(c => c.ToString("0.0")))} ms");
    }

    await Recovery.RecoverOnceAsync(system, sessionId, snapshotEvery); // discarded: the first in this process
    var warm = new List<double>();
    var load = LoadMeter.Start(store);
    for (var i = 0; i < options.WarmRuns; i++) warm.Add(await Recovery.RecoverOnceAsync(system, sessionId, snapshotEvery));
    var otherLoad = load.OtherPercent();
    Console.WriteLine($"  warm: {string.Join(", ", warm.Select(w => w.ToString("0.0")))} ms; other processes {otherLoad:0}% of a CPU meanwhile");
    return new RecoveryResult(store.Name, snapshotEvery, expected, stats, write.PerSecond, journalWrites.EventsPerBatch, cold, warm,
        snapshotNote, Join(deletes, problems), otherLoad);
}

async Task<ThroughputResult> MeasureThroughputAsync(Store store, BenchSystem system, int snapshotEvery, int concurrency, long[] logsBefore)
{
    var driver = await SessionDriver.OpenAsync(system, $"throughput-{concurrency}-{Guid.NewGuid():N}", snapshotEvery);
    var relay = driver.Relay(body);
    if (options.Warmup > TimeSpan.Zero) await driver.RunAsync(relay, concurrency, long.MaxValue, options.Warmup);

    var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var cpuBefore = Machine.ProcessCpuSeconds();
    var serverCpuBefore = store.ServerCpuSeconds();
    var load = LoadMeter.Start(store);
    var journalBefore = JournalCounters.Snapshot();
    var deadlocksBefore = store.ServerDeadlocks();
    var loop = await driver.RunAsync(relay, concurrency, options.MaxMessages, options.Duration);
    var journal = JournalCounters.Peek() - journalBefore;
    var cpu = Machine.ProcessCpuSeconds() - cpuBefore;
    var serverCpu = store.ServerCpuSeconds() - serverCpuBefore;
    var otherLoad = load.OtherPercent();
    var gc = (GC.CollectionCount(0) - gcBefore.Item1, GC.CollectionCount(1) - gcBefore.Item2, GC.CollectionCount(2) - gcBefore.Item3);
    await driver.StopAsync();
    // Deletes that snapshots started may still run; let them finish (or give up after 5 s) before the next run.
    await SettledStatsAsync(store, driver.PersistenceId);
    var deletes = (JournalCounters.Snapshot() - journalBefore).DescribeDeletes();
    var problems = Join(deletes, Problems(logsBefore, store.ServerDeadlocks() - deadlocksBefore));

    return new ThroughputResult(store.Name, snapshotEvery, concurrency, loop.Messages, loop.Elapsed.TotalSeconds, loop.PerSecond,
        loop.Percentile(50), loop.Percentile(99), loop.SortedLatencyMs.LastOrDefault(), journal.EventsPerBatch, journal.MsPerBatch,
        cpu * 1e6 / loop.Messages, serverCpu * 1e6 / loop.Messages, gc, problems, otherLoad);
}

// Snapshot-triggered deletes (DeleteMessages, DeleteSnapshots) may still be running after the actor stopped:
// wait until the journal has none in flight and the tables stop changing (at most 30 s).
static async Task<JournalStats> SettledStatsAsync(Store store, string persistenceId)
{
    var waited = Stopwatch.StartNew();
    var previous = await store.QueryAsync(persistenceId);
    while (waited.Elapsed < TimeSpan.FromSeconds(30))
    {
        await Task.Delay(100);
        var current = await store.QueryAsync(persistenceId);
        if (current == previous && JournalCounters.DeletesInFlight == 0) return current;
        previous = current;
    }

    Console.WriteLine($"  (journal still busy after 30 s: {JournalCounters.DeletesInFlight} deletes in flight)");
    return previous;
}

// After a failed run: wait until a new session can persist again (the journal's circuit breaker may be open).
static async Task WaitForJournalAsync(BenchSystem system)
{
    var waited = Stopwatch.StartNew();
    while (waited.Elapsed < TimeSpan.FromSeconds(90))
    {
        try
        {
            var probe = await SessionDriver.OpenAsync(system, $"probe-{Guid.NewGuid():N}", BenchSystem.SnapshotsOff);
            await probe.StopAsync();
            Console.WriteLine($"  (journal accepts writes again after {waited.Elapsed.TotalSeconds:0} s)");
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    Console.WriteLine("  (journal still refuses writes after 90 s)");
}

static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a}; {b}";

static string Problems(long[] logsBefore, long? deadlocks) =>
    Join(LogCounts.Describe(logsBefore, LogCounts.Snapshot()), deadlocks > 0 ? $"{deadlocks} deadlocks in the postgres log" : "");
