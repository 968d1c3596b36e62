using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Hubs;

/// <summary>
/// Once the daemon is stopping, new requests to the hub (negotiate and connect) get 503 with a
/// Retry-After. SignalR closes every connection as the stop begins, and the clients reconnect at
/// once: without this they could reach this process again before its server stops listening,
/// rejoin sessions that are about to hand off, and lose that connection a moment later.
/// Connections already open are not requests here and are left to SignalR's own close.
/// </summary>
public sealed class RefuseConnectionsWhileStopping(RequestDelegate next, IHostApplicationLifetime lifetime)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!lifetime.ApplicationStopping.IsCancellationRequested || !context.Request.Path.StartsWithSegments(HubNames.Path))
            return next(context);

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "2";
        return Task.CompletedTask;
    }
}
