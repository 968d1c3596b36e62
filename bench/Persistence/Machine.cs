using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;

namespace SignalingAkka.Bench.Persistence;

/// <summary>What the numbers were measured on: hardware, affinity, runtime and GC mode.</summary>
public static class Machine
{
    public static string Describe()
    {
        var cpuinfo = ReadLines("/proc/cpuinfo");
        var cpus = cpuinfo.Count(l => l.StartsWith("processor", StringComparison.Ordinal));
        var model = cpuinfo.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memory = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?["MemTotal:".Length..].Trim() ?? "unknown";
        var kernel = ReadLines("/proc/sys/kernel/osrelease").FirstOrDefault() ?? "unknown";
        return string.Join(Environment.NewLine,
            $"machine: {cpus} CPUs ({model}), MemTotal {memory}, Linux {kernel}",
            $"process: affinity CPUs {Affinity()} (Environment.ProcessorCount={Environment.ProcessorCount}), {RuntimeInformation.FrameworkDescription}, {Build()} build",
            $"GC: {(GCSettings.IsServerGC ? "Server" : "Workstation")}, concurrent={AppContext.GetData("System.GC.Concurrent") ?? "default (on)"}, latency mode {GCSettings.LatencyMode}; " +
            $"TieredCompilation={Env("DOTNET_TieredCompilation", "default (on)")}, TieredPGO={Env("DOTNET_TieredPGO", "default (on)")}, " +
            $"ThreadPool_UnfairSemaphoreSpinLimit={Env("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "default")}");
    }

    /// <summary>Load average and CPU/IO pressure right now: a busy machine (other benchmarks) spoils the figures.</summary>
    public static string Load()
    {
        var load = ReadLines("/proc/loadavg").FirstOrDefault() ?? "unknown";
        var cpu = ReadLines("/proc/pressure/cpu").FirstOrDefault() ?? "n/a";
        var io = ReadLines("/proc/pressure/io").FirstOrDefault() ?? "n/a";
        return $"loadavg {load}; cpu pressure {cpu}; io pressure {io}";
    }

    /// <summary>CPU seconds all CPUs have been busy so far (user, nice, system, irq, softirq, steal from /proc/stat).</summary>
    public static double SystemBusySeconds()
    {
        var fields = (ReadLines("/proc/stat").FirstOrDefault() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9 || fields[0] != "cpu") return double.NaN;
        long Field(int i) => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture);
        return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / ProcStat.TicksPerSecond;
    }

    public static string Affinity() =>
        ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?["Cpus_allowed_list:".Length..].Trim()
        ?? "unknown";

    public static string GcMode() => GCSettings.IsServerGC ? "server" : "workstation";

    /// <summary>CPU seconds (user + system) this process has used so far.</summary>
    public static double ProcessCpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private static string Build() =>
        Assembly.GetEntryAssembly()?.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true ? "Debug" : "Release";

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) ?? fallback;

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
