using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Actors.Serialization;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;

namespace SignalingAkka.Bench.Persistence;

/// <summary>
/// An actor system wired for persistence as the daemon wires it (src/Host/Akka/AkkaSetup.cs): Akka.Persistence.Sql
/// with autoInitialize, the protobuf SignalingSerializer for every persisted type. No remoting, cluster or
/// sharding: session entities are created directly, so what is measured is the entity and its journal.
/// </summary>
public sealed class BenchSystem : IAsyncDisposable
{
    /// <summary>A snapshot interval that is never reached: recovery replays the whole journal.</summary>
    public const int SnapshotsOff = int.MaxValue;

    private readonly IHost _host;

    private BenchSystem(IHost host, ActorSystem system)
    {
        _host = host;
        System = system;
    }

    public ActorSystem System { get; }

    public static async Task<BenchSystem> StartAsync(StoreKind kind, string connectionString, bool countJournalWrites, string? hocon)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Not the console lifetime: it would swallow Ctrl+C and SIGTERM, which should end the program.
        builder.Services.AddSingleton<IHostLifetime, PlainLifetime>();
        builder.Services.AddAkka("bench", (akka, _) =>
        {
            akka.WithSqlPersistence(connectionString: connectionString, providerName: Store.ProviderFor(kind), autoInitialize: true)
                .WithSignalingSerializer()
                .ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                    loggers.ClearLoggers();
                    loggers.AddLogger<CompactLogger>();
                });
            if (!string.IsNullOrWhiteSpace(hocon)) akka.AddHocon(hocon, HoconAddMode.Prepend);
            if (countJournalWrites)
                akka.AddHocon(
                    $"akka.persistence.journal.sql.class = \"{typeof(CountingSqlWriteJournal).AssemblyQualifiedName}\"",
                    HoconAddMode.Prepend);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSystem(host, host.Services.GetRequiredService<ActorSystem>());
    }

    /// <summary>The journal settings in effect, for the record.</summary>
    public string JournalSettings()
    {
        var journal = System.Settings.Config.GetConfig("akka.persistence.journal.sql");
        return $"batch-size={journal.GetInt("batch-size")}, parallelism={journal.GetInt("parallelism")}, " +
               $"replay-batch-size={journal.GetInt("replay-batch-size")}, buffer-size={journal.GetInt("buffer-size")}, " +
               $"db-round-trip-max-batch-size={journal.GetInt("db-round-trip-max-batch-size")}, " +
               $"tag-write-mode={journal.GetString("tag-write-mode")}";
    }

    public SessionSettings Settings(int snapshotEvery) => new(
        TimeProvider.System,
        new EntitySettings(snapshotEvery, TimeSpan.FromHours(1)),
        NoReadModel.Instance,
        SessionPolicy.Default);

    public IActorRef NewSession(string sessionId, int snapshotEvery) =>
        System.ActorOf(SessionActor.Props(sessionId, Settings(snapshotEvery)));

    /// <summary>Stands in for a ConnectionActor: accepts and drops every push.</summary>
    public IActorRef NewConnection() => System.ActorOf(Props.Create(() => new SilentConnection()));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private sealed class PlainLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class NoReadModel : IReadModelSink
    {
        public static readonly NoReadModel Instance = new();

        public void Record(ReadModelRecord record)
        {
        }
    }

    private sealed class SilentConnection : ReceiveActor
    {
        public SilentConnection() => ReceiveAny(_ => { });
    }
}
