using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using LinqToDB;
using Microsoft.Extensions.Options;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Hosting;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Actors.Serialization;
using SignalingAkka.Host.Configuration;
using SignalingAkka.Host.ReadModel;
using SignalingAkka.Host.Hubs;

namespace SignalingAkka.Host.Akka;

/// <summary>Composes the actor system: HOCON files, remoting, cluster, persistence, serializer and the domain actors.</summary>
public static class AkkaSetup
{
    public const string SystemName = "signaling";
    public const string Role = "signaling";

    public static IServiceCollection AddSignalingAkka(this IServiceCollection services, string hoconDirectory)
    {
        services.AddAkka(SystemName, (builder, provider) =>
        {
            var options = provider.GetRequiredService<IOptions<SignalingOptions>>().Value;
            var storage = options.Storage;
            if (!storage.UsesPostgres) Directory.CreateDirectory(Path.GetFullPath(storage.DataDirectory));

            builder
                .AddHoconFile(Path.Combine(hoconDirectory, "signaling.hocon"), HoconAddMode.Prepend)
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithRemoting(options.Cluster.Hostname, options.Cluster.Port)
                .WithClustering(new ClusterOptions
                {
                    Roles = [Role],
                    SeedNodes = options.Cluster.SeedNodes.ToArray(),
                    SplitBrainResolver = new KeepMajorityOption(),
                })
                .WithSqlPersistence(
                    connectionString: storage.UsesPostgres ? storage.TunedPostgresConnectionString! : storage.SqliteConnectionString,
                    providerName: storage.UsesPostgres ? ProviderName.PostgreSQL15 : ProviderName.SQLiteMS,
                    autoInitialize: true)
                .AddHocon(
                    $"""
                     akka.persistence.journal.sql.class = "{typeof(SignalingSqlWriteJournal).AssemblyQualifiedName}"
                     akka.persistence.snapshot-store.sql.class = "{typeof(SignalingSqlSnapshotStore).AssemblyQualifiedName}"
                     """,
                    HoconAddMode.Prepend)
                .WithSignalingSerializer()
                .WithSignalingActors(new SignalingActorsOptions(
                    provider.GetRequiredService<TimeProvider>(),
                    provider.GetRequiredService<HubClientPusher>(),
                    provider.GetRequiredService<IReadModelSink>(),
                    new EntitySettings(options.Entities.SnapshotEvery, options.Entities.IdleTimeout),
                    options.Sessions.ToPolicy(),
                    Role)
                {
                    Sessions = provider.GetRequiredService<LocalSessions>(),
                    OpenSessions = provider.GetRequiredService<ReadModelQueries>(),
                    WakeInterval = options.Sessions.WakeInterval,
                })
                .AddStartup((system, _) =>
                {
                    // Without seed nodes this is a single node: it forms a cluster of its own.
                    if (options.Cluster.SeedNodes.Count != 0) return;
                    var cluster = global::Akka.Cluster.Cluster.Get(system);
                    cluster.Join(cluster.SelfAddress);
                });
        });

        services.AddSingleton(provider =>
        {
            var registry = provider.GetRequiredService<ActorRegistry>();
            var options = provider.GetRequiredService<IOptions<SignalingOptions>>().Value;
            return new SignalingGateway(
                registry.Get<SessionRegion>(), registry.Get<DeviceRegion>(),
                registry.Get<ConnectionRegistry>(),
                provider.GetRequiredService<Actors.Licensing.ILicenseValidator>(),
                options.AskTimeout, provider.GetRequiredService<LocalSessions>());
        });
        services.AddSingleton<LocalSessions>();
        return services;
    }
}
