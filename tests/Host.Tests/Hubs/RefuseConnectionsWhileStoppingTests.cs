using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using SignalingAkka.Host.Hubs;

namespace SignalingAkka.Host.Tests.Hubs;

public sealed class RefuseConnectionsWhileStoppingTests
{
    [Theory]
    [InlineData("/signaling/negotiate")]
    [InlineData("/signaling")]
    public async Task A_stopping_daemon_refuses_new_hub_connections_with_503_and_a_retry_hint(string path)
    {
        var (status, retryAfter, passedOn) = await RequestAsync(path, stopping: true);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("2", retryAfter);
        Assert.False(passedOn);
    }

    [Theory]
    [InlineData("/signaling/negotiate", false)]
    [InlineData("/healthz", true)]
    [InlineData("/ready", true)]
    public async Task Other_requests_and_a_running_daemon_pass_through(string path, bool stopping)
    {
        var (_, _, passedOn) = await RequestAsync(path, stopping);

        Assert.True(passedOn);
    }

    private static async Task<(int Status, string? RetryAfter, bool PassedOn)> RequestAsync(string path, bool stopping)
    {
        var lifetime = new Lifetime();
        if (stopping) lifetime.StopApplication();
        var passedOn = false;
        var middleware = new RefuseConnectionsWhileStopping(_ =>
        {
            passedOn = true;
            return Task.CompletedTask;
        }, lifetime);
        var context = new DefaultHttpContext { Request = { Path = path } };

        await middleware.InvokeAsync(context);

        return (context.Response.StatusCode, context.Response.Headers.RetryAfter.FirstOrDefault(), passedOn);
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }
}
