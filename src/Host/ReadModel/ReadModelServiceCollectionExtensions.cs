using Microsoft.Extensions.Options;
using Prometheus;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Host.Configuration;

namespace SignalingAkka.Host.ReadModel;

public static class ReadModelServiceCollectionExtensions
{
    /// <summary>
    /// The relational read model: migrations on start, then the writer behind <see cref="IReadModelSink"/>.
    /// Call it before <c>AddSignalingAkka</c>: hosted services start in registration order and stop
    /// in reverse, so the schema is ready before the actors record anything, and the writer drains
    /// what the actors record while they shut down. Calling it again does nothing.
    /// </summary>
    public static IServiceCollection AddSignalingReadModel(this IServiceCollection services)
    {
        // Once only: a second writer would be a second hosted loop behind a sink nobody uses.
        if (services.Any(d => d.ServiceType == typeof(ReadModelWriter))) return services;

        services.AddSingleton(provider =>
            ReadModelDatabase.FromStorage(provider.GetRequiredService<IOptions<SignalingOptions>>().Value.Storage));
        // The default registry, because /metrics (app.MapMetrics) exports that one.
        services.AddSingleton(_ => new ReadModelMetrics(Metrics.DefaultFactory));
        services.AddSingleton<ReadModelMigrator>();
        services.AddSingleton<ReadModelQueries>();
        services.AddSingleton(provider => new ReadModelWriter(
            provider.GetRequiredService<ReadModelDatabase>(),
            provider.GetRequiredService<ReadModelMetrics>(),
            provider.GetRequiredService<ILogger<ReadModelWriter>>(),
            provider.GetRequiredService<IOptions<SignalingOptions>>().Value.ReadModel.ToWriterOptions()));
        services.AddSingleton<IReadModelSink>(provider => provider.GetRequiredService<ReadModelWriter>());

        services.AddHostedService<MigrationRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<ReadModelWriter>());
        return services;
    }
}
