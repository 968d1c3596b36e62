using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalingAkka.Protocol;

namespace SignalingAkka.Client;

/// <summary>Builds the SignalR connection that <see cref="SignalingClient"/> wraps.</summary>
internal static class HubConnectionFactory
{
    public static HubConnection Create(SignalingClientOptions options, DeviceSigner signer, ILoggerFactory? loggerFactory)
    {
        var builder = new HubConnectionBuilder().WithUrl(HubUrl(options.ServerUrl), http =>
        {
            // SignalR asks on every connect and reconnect, so each one gets a token of its own time.
            http.AccessTokenProvider = () => Task.FromResult<string?>(signer.CreateAccessToken());
            if (options.HttpMessageHandlerFactory is { } handlers)
                http.HttpMessageHandlerFactory = handlers;
            if (options.WebSocketFactory is { } webSockets)
                http.WebSocketFactory = webSockets;
        });
        if (options.Protocol == WireProtocol.MessagePack)
            builder.AddMessagePackProtocol();
        if (options.AutomaticReconnect)
            builder.WithAutomaticReconnect(options.ReconnectPolicy);
        // The client's own factory, so SignalR and the rejoins log alike; it is the client's to dispose.
        if (loggerFactory is not null)
            builder.Services.AddSingleton(loggerFactory);
        return builder.Build();
    }

    /// <summary>Appends the hub path to the base path, which <c>new Uri(base, "/signaling")</c> would replace.</summary>
    public static Uri HubUrl(Uri serverUrl)
    {
        var url = new UriBuilder(serverUrl);
        url.Path = url.Path.TrimEnd('/') + HubNames.Path;
        return url.Uri;
    }
}
