using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SignalingAkka.Actors.Hosting;
using SignalingAkka.Client;
using SignalingAkka.Host;
using SignalingAkka.Protocol;

namespace SignalingAkka.Tests.Support;

/// <summary>
/// The real daemon (Kestrel on 127.0.0.1, a free port, the full Akka wiring) started inside the test
/// process, on SQLite files in a temp folder or on a PostgreSQL database.
/// </summary>
public sealed class Daemon : IAsyncDisposable
{
    public const string FreeLicense = "lic-free-0001";
    public const string ProLicense = "lic-pro-0001";
    public const string ExpiredLicense = "lic-expired-0001";

    private readonly WebApplication _app;
    private readonly List<TestDevice> _devices = [];

    private Daemon(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    public SignalingGateway Gateway => Services.GetRequiredService<SignalingGateway>();

    /// <summary>Starts a daemon; with no connection string it uses SQLite under <paramref name="dataDirectory"/>.</summary>
    public static async Task<Daemon> StartAsync(string dataDirectory, string? postgresConnectionString = null,
        IReadOnlyDictionary<string, string?>? settings = null, CancellationToken ct = default)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Signaling:Storage:DataDirectory"] = dataDirectory,
            ["Signaling:Storage:PostgresConnectionString"] = postgresConnectionString,
            ["Signaling:Licenses:0:Token"] = FreeLicense,
            ["Signaling:Licenses:0:Tier"] = "TRIAL",
            ["Signaling:Licenses:1:Token"] = ProLicense,
            ["Signaling:Licenses:1:Tier"] = "PROFESSIONAL",
            ["Signaling:Licenses:2:Token"] = ExpiredLicense,
            ["Signaling:Licenses:2:Tier"] = "PROFESSIONAL",
            ["Signaling:Licenses:2:ExpiresAt"] = "2020-01-01T00:00:00Z",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;

        var app = SignalingApp.Build([], builder => builder.Configuration.AddInMemoryCollection(configuration));
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        var daemon = new Daemon(app, new Uri(address));
        await daemon.WaitUntilReadyAsync(ct);
        return daemon;
    }

    /// <summary>A new device (fresh key and fingerprint) connected to this daemon, registered unless told otherwise.</summary>
    public async Task<TestDevice> ConnectDeviceAsync(string name, WireProtocol protocol = WireProtocol.Json,
        bool register = true, bool autoReconnect = false, CancellationToken ct = default)
    {
        var device = TestDevice.Create(BaseUrl, name, protocol, autoReconnect);
        _devices.Add(device);
        await device.ConnectAsync(register, ct);
        return device;
    }

    /// <summary>The same device (key and fingerprint) on a new connection to this daemon.</summary>
    public async Task<TestDevice> ReconnectAsync(TestDevice device, CancellationToken ct = default)
    {
        var again = device.On(BaseUrl);
        _devices.Add(again);
        await again.Client.StartAsync(ct);
        return again;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices) await device.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await http.GetAsync("/ready", ct);
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the daemon did not become ready in 60 s");
            await Task.Delay(100, ct);
        }
    }
}
