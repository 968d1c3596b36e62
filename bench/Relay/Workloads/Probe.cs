using SignalingAkka.Bench.Relay.Measure;

namespace SignalingAkka.Bench.Relay.Workloads;

/// <summary>
/// What a server process runs with, for the record: its CPU set, thread count, the .NET GC threads
/// it started (a server GC has one ".NET Server GC" thread per heap; workstation GC with concurrent
/// collection has one ".NET BGC" thread), and the GC and thread-pool settings in its environment.
/// </summary>
public static class Probe
{
    public static int Run(Cli cli)
    {
        var pid = cli.Int("server-pid");
        var name = cli.Str("name");
        var outFile = cli.Maybe("out");
        cli.CheckAllUsed();

        var threads = ProcStats.ThreadNames(pid);
        var gcThreads = threads.Where(t => t.Contains("GC", StringComparison.Ordinal)).GroupBy(t => t).Select(g => $"{g.Key} x{g.Count()}");
        var serverGc = threads.Any(t => t.Contains("Server GC", StringComparison.OrdinalIgnoreCase) || t.Contains("SVR GC", StringComparison.OrdinalIgnoreCase));
        var cmdline = File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim() : null;
        new ResultRecord("server")
        {
            ["name"] = name,
            ["pid"] = pid,
            ["cmdline"] = cmdline,
            ["cpus_allowed"] = ProcStats.CpusAllowed(pid),
            ["threads"] = threads.Count,
            ["gc_threads"] = string.Join(", ", gcThreads),
            ["gc_mode"] = cmdline?.Contains("node", StringComparison.Ordinal) == true && !cmdline.Contains(".dll", StringComparison.Ordinal)
                ? "V8" : serverGc ? "server" : "workstation",
            ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = ProcStats.Environment(pid, "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"),
            ["DOTNET_gcServer"] = ProcStats.Environment(pid, "DOTNET_gcServer"),
            ["DOTNET_TieredPGO"] = ProcStats.Environment(pid, "DOTNET_TieredPGO"),
            ["rss_kib"] = ProcStats.RssKib(pid),
        }.Write(outFile);
        return 0;
    }
}
