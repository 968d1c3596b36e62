using System.Globalization;
using System.Runtime.InteropServices;

namespace SignalingAkka.Bench.Relay.Measure;

/// <summary>CPU and memory of a process from /proc: utime+stime of /proc/PID/stat, VmRSS of /proc/PID/status.</summary>
public static partial class ProcStats
{
    private const int ScClkTck = 2;

    public static readonly long TicksPerSecond = ReadTicksPerSecond();

    /// <summary>utime+stime of the process (all its threads), in microseconds; null when it is gone.</summary>
    public static double? CpuMicros(int pid)
    {
        var text = TryRead($"/proc/{pid}/stat");
        if (text is null) return null;
        // The command name (field 2) may hold spaces: fields are counted after its closing ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) * 1_000_000.0 / TicksPerSecond;
    }

    /// <summary>Sum of <see cref="CpuMicros"/> over every process owned by <paramref name="user"/> (PostgreSQL's backends).</summary>
    public static double CpuMicrosOfUser(string user)
    {
        var uid = UidOf(user);
        if (uid is null) return 0;
        double total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var status = TryRead($"{dir}/status");
            if (status is null) continue;
            var uidLine = status.Split('\n').FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            if (uidLine is null || uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] != uid) continue;
            total += CpuMicros(pid) ?? 0;
            // Backends that exited are counted in their parent's cutime/cstime.
            total += ChildCpuMicros(pid) ?? 0;
        }

        return total;
    }

    /// <summary>Busy CPU time of the whole machine (all CPUs, /proc/stat: everything but idle and iowait), in microseconds.</summary>
    public static double MachineBusyMicros()
    {
        var line = TryRead("/proc/stat")?.Split('\n')[0];
        if (line is null) return 0;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var busy = fields.Sum() - fields[3] - (fields.Length > 4 ? fields[4] : 0);
        // guest time is already in user time
        if (fields.Length > 9) busy -= fields[8] + fields[9];
        return busy * 1_000_000.0 / TicksPerSecond;
    }

    public static string? LoadAverage() => TryRead("/proc/loadavg")?.Trim();

    /// <summary>VmRSS in KiB; null when the process is gone.</summary>
    public static long? RssKib(int pid) => StatusField(pid, "VmRSS:");

    public static long? Threads(int pid) => StatusField(pid, "Threads:");

    /// <summary>Names of the process's threads (comm), e.g. to see which GC threads .NET started.</summary>
    public static IReadOnlyList<string> ThreadNames(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{pid}/task")
                .Select(t => TryRead($"{t}/comm")?.Trim() ?? "")
                .Where(n => n.Length > 0)
                .ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>The CPUs the process may run on, as /proc/PID/status says (Cpus_allowed_list).</summary>
    public static string? CpusAllowed(int pid) =>
        TryRead($"/proc/{pid}/status")?.Split('\n')
            .FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?
            .Split(':', 2)[1].Trim();

    public static string? Environment(int pid, string name)
    {
        try
        {
            var bytes = File.ReadAllBytes($"/proc/{pid}/environ");
            var prefix = name + "=";
            return System.Text.Encoding.UTF8.GetString(bytes).Split('\0')
                .FirstOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double? ChildCpuMicros(int pid)
    {
        var text = TryRead($"/proc/{pid}/stat");
        if (text is null) return null;
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var cutime = long.Parse(fields[13], CultureInfo.InvariantCulture);
        var cstime = long.Parse(fields[14], CultureInfo.InvariantCulture);
        return (cutime + cstime) * 1_000_000.0 / TicksPerSecond;
    }

    private static long? StatusField(int pid, string field)
    {
        var line = TryRead($"/proc/{pid}/status")?.Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        if (line is null) return null;
        var value = line[field.Length..].Trim().Split(' ')[0];
        return long.Parse(value, CultureInfo.InvariantCulture);
    }

    private static string? UidOf(string user) =>
        TryRead("/etc/passwd")?.Split('\n').Select(l => l.Split(':')).FirstOrDefault(p => p.Length > 2 && p[0] == user)?[2];

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long ReadTicksPerSecond()
    {
        try
        {
            var ticks = SysConf(ScClkTck);
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}

/// <summary>Percentiles of round-trip samples (Stopwatch ticks), nearest-rank.</summary>
public static class Percentiles
{
    public static double Ms(long[] sortedTicks, double percentile)
    {
        if (sortedTicks.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percentile / 100.0 * sortedTicks.Length) - 1;
        rank = Math.Clamp(rank, 0, sortedTicks.Length - 1);
        return sortedTicks[rank] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
