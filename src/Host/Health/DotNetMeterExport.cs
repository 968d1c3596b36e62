using System.Diagnostics.Metrics;
using Prometheus;

namespace SignalingAkka.Host.Health;

/// <summary>
/// Which .NET meters /metrics exports besides our own metrics. Npgsql records every command and every
/// buffer it reads or writes; exporting those measurements cost about 6 % of the daemon's CPU under session
/// churn. Npgsql's observable instruments (connection pool gauges, read only when /metrics is scraped) stay.
/// </summary>
public static class DotNetMeterExport
{
    public const string NpgsqlMeter = "Npgsql";

    public static bool Exports(Instrument instrument) => instrument.Meter.Name != NpgsqlMeter || instrument.IsObservable;

    /// <summary>
    /// Sets the filter of prometheus-net's default meter adapter. The library keeps this setting in a static
    /// field and applies it before the default registry's first scrape, so it is set once per process, first.
    /// </summary>
    public static void Configure() => Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = Exports);
}
