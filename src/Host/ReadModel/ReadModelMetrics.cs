using Prometheus;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// The writer's Prometheus metrics, made from the factory it is given: tests pass a factory over
/// a registry of their own; the daemon passes the default one, because /metrics
/// (<c>app.MapMetrics</c>) exports the default registry.
/// </summary>
public sealed class ReadModelMetrics(IMetricFactory factory)
{
    public Counter Written { get; } = factory.CreateCounter(
        "signaling_readmodel_written_total", "Read-model records written to the database.");

    public Counter Retries { get; } = factory.CreateCounter(
        "signaling_readmodel_retries_total", "Failed read-model writes that are retried.");

    public Counter Dropped { get; } = factory.CreateCounter(
        "signaling_readmodel_dropped_total",
        "Read-model records given up on: they can never be written, or the writer stopped before writing them.");

    public Gauge QueueLength { get; } = factory.CreateGauge(
        "signaling_readmodel_queue_length", "Read-model records waiting to be written, including the one being written.");
}
