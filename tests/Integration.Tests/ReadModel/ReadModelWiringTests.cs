using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Host.Configuration;
using SignalingAkka.Host.ReadModel;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.ReadModel;

public sealed class ReadModelWiringTests
{
    [Fact]
    public async Task AddSignalingReadModel_migrates_then_writes_through_the_sink()
    {
        using var directory = new TempDirectory();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSignalingReadModel();
        // The data folder does not exist yet: the migrations run before the actor system would make it.
        services.AddOptions<SignalingOptions>()
            .Configure(o => o.Storage.DataDirectory = Path.Combine(directory.Path, "data"));
        await using var provider = services.BuildServiceProvider();

        var hosted = provider.GetServices<IHostedService>().ToList();
        Assert.IsType<MigrationRunner>(hosted[0]);
        Assert.IsType<ReadModelWriter>(hosted[1]);
        Assert.Same(hosted[1], provider.GetRequiredService<IReadModelSink>());

        foreach (var service in hosted) await service.StartAsync(CancellationToken.None);
        var device = ScriptedSession.Device.Create("wired", Platform.WEB, DeviceType.DESKTOP);
        provider.GetRequiredService<IReadModelSink>().Record(device.Upserted(ScriptedSession.T0));
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            for (var i = hosted.Count - 1; i >= 0; i--) await hosted[i].StopAsync(deadline.Token);

        var row = await provider.GetRequiredService<ReadModelQueries>().DeviceAsync(device.Fingerprint, CancellationToken.None);
        Assert.Equal(device.Id, row?.Id);
        Assert.True(File.Exists(Path.Combine(directory.Path, "data", "signaling.db")));
    }

    [Fact]
    public async Task Metrics_carry_the_documented_names()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new ReadModelMetrics(Metrics.WithCustomRegistry(registry));
        metrics.Written.Inc();

        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        var exported = System.Text.Encoding.UTF8.GetString(text.ToArray());
        Assert.Contains("signaling_readmodel_written_total 1", exported);
        Assert.Contains("signaling_readmodel_retries_total 0", exported);
        Assert.Contains("signaling_readmodel_dropped_total 0", exported);
        Assert.Contains("signaling_readmodel_queue_length 0", exported);
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(5, 1_600)]
    [InlineData(9, 25_600)]
    [InlineData(10, 30_000)]
    [InlineData(1_000, 30_000)]
    public void Backoff_doubles_from_100_ms_to_30_s(int failedAttempts, int expectedMilliseconds)
    {
        var defaults = new ReadModelWriterOptions();
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds),
            RetryBackoff.Delay(failedAttempts, defaults.InitialRetryDelay, defaults.MaxRetryDelay));
    }
}
