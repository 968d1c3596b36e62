using MessagePack;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.SignalR;
using Prometheus;
using SignalingAkka.Actors.Licensing;
using SignalingAkka.Host.Akka;
using SignalingAkka.Host.Auth;
using SignalingAkka.Host.Configuration;
using SignalingAkka.Host.Health;
using SignalingAkka.Host.Hubs;
using SignalingAkka.Host.Licensing;
using SignalingAkka.Host.ReadModel;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host;

/// <summary>The composition root, shared by Program and the tests that start the real daemon.</summary>
public static class SignalingApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        DotNetMeterExport.Configure();
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        // Loopback unless the operator says otherwise (--urls, Urls, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS):
        // a fresh daemon exposes nothing to the network by accident.
        var listening = new[] { "urls", "http_ports", "https_ports" }.Any(key => !string.IsNullOrEmpty(builder.Configuration[key]));
        if (!listening) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = InlineSocketIo.Enabled);
        var services = builder.Services;

        services.AddOptions<SignalingOptions>().Bind(builder.Configuration.GetSection(SignalingOptions.Section));
        services.AddSingleton(_ => TimeProvider.System);
        services.AddSingleton<ILicenseValidator, ConfiguredLicenseValidator>();
        services.AddSingleton<SignalingHubLifetimeManager>();
        services.AddSingleton<HubLifetimeManager<SignalingHub>>(provider => provider.GetRequiredService<SignalingHubLifetimeManager>());
        services.AddSingleton<HubClientPusher>();
        services.AddSignalingReadModel();
        services.AddSignalingAkka(Path.Combine(AppContext.BaseDirectory, "hocon"));

        services.AddAuthentication(AccessTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(
                AccessTokenAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorization();
        services.AddSignalR(hub =>
            {
                hub.MaximumReceiveMessageSize = Limits.MaxHubMessageBytes;
                hub.AddFilter<SignalingHubFilter>();
            })
            .AddJsonProtocol(WireJson.UseGeneratedContracts)
            .AddMessagePackProtocol()
            .WithRelaysWithoutResult();
        services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"]);

        var app = builder.Build();
        app.Logger.LogInformation("Socket I/O completes on the I/O threads: {InlineSocketIo}", InlineSocketIo.Enabled);
        app.UseMiddleware<RefuseConnectionsWhileStopping>();
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHub<SignalingHub>(HubNames.Path)
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = AccessTokenAuthenticationHandler.SchemeName });
        app.MapGet("/healthz", () => Results.Text("alive"));
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapMetrics("/metrics");
        return app;
    }
}
