using System.Diagnostics;

namespace SignalingAkka.Bench.Persistence;

/// <summary>
/// How much CPU every other process used over an interval: all CPUs' busy time minus this process's and its
/// PostgreSQL server's. Another benchmark on the same cores shows up here, and spoils the figures next to it.
/// </summary>
public sealed class LoadMeter
{
    private readonly Store _store;
    private readonly long _started;
    private readonly double _busy;
    private readonly double _self;
    private readonly double _server;

    private LoadMeter(Store store)
    {
        _store = store;
        _started = Stopwatch.GetTimestamp();
        _busy = Machine.SystemBusySeconds();
        _self = Machine.ProcessCpuSeconds();
        _server = store.ServerCpuSeconds() ?? 0;
    }

    public static LoadMeter Start(Store store) => new(store);

    /// <summary>Other processes' CPU since the start, in % of one CPU.</summary>
    public double OtherPercent()
    {
        var elapsed = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var other = Machine.SystemBusySeconds() - _busy - (Machine.ProcessCpuSeconds() - _self) - ((_store.ServerCpuSeconds() ?? 0) - _server);
        return elapsed <= 0 ? double.NaN : Math.Max(0, other) * 100 / elapsed;
    }
}
