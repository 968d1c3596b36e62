using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using SignalingAkka.Host.Hubs;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Tests.Hubs;

public sealed class HubClientPusherTests
{
    private static readonly SessionEndedEvent Ended = new("s1", "HOST_LEFT");

    [Fact]
    public void A_push_goes_to_its_connection_with_its_method_and_payload()
    {
        var hub = new FakeHubContext(_ => Task.CompletedTask);
        var pusher = new HubClientPusher(hub, NullLogger<HubClientPusher>.Instance);

        pusher.Push("conn-1", HubEvents.SessionEnded, Ended);

        Assert.Equal([("conn-1", HubEvents.SessionEnded, (object?)Ended)], hub.Sent);
    }

    [Fact]
    public async Task A_push_that_fails_later_closes_the_connection()
    {
        var failing = new TaskCompletionSource();
        var hub = new FakeHubContext(_ => failing.Task);
        var pusher = new HubClientPusher(hub, NullLogger<HubClientPusher>.Instance);
        var caller = new FakeCallerContext("conn-1");
        pusher.Opened(caller);

        pusher.Push("conn-1", HubEvents.SessionEnded, Ended);
        Assert.False(caller.Aborted.Task.IsCompleted);
        failing.SetException(new IOException("broken pipe"));

        await caller.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_push_that_throws_closes_the_connection_and_does_not_throw()
    {
        var hub = new FakeHubContext(_ => throw new InvalidOperationException("no transport"));
        var pusher = new HubClientPusher(hub, NullLogger<HubClientPusher>.Instance);
        var caller = new FakeCallerContext("conn-1");
        pusher.Opened(caller);

        pusher.Push("conn-1", HubEvents.SessionEnded, Ended);

        Assert.True(caller.Aborted.Task.IsCompleted);
    }

    private sealed class FakeHubContext(Func<string, Task> send) : IHubContext<SignalingHub>
    {
        private readonly FakeClients _clients = new(send);

        public List<(string ConnectionId, string Method, object? Payload)> Sent => _clients.Sent;

        public IHubClients Clients => _clients;

        public IGroupManager Groups => throw new NotSupportedException();
    }

    /// <summary>Single-connection proxies only, which is all the pusher uses.</summary>
    private sealed class FakeClients(Func<string, Task> send) : IHubClients
    {
        public List<(string ConnectionId, string Method, object? Payload)> Sent { get; } = [];

        public IClientProxy Client(string connectionId) => new Proxy(this, connectionId, send);

        public IClientProxy All => throw new NotSupportedException();

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        public IClientProxy Group(string groupName) => throw new NotSupportedException();

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

        public IClientProxy User(string userId) => throw new NotSupportedException();

        public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();

        private sealed class Proxy(FakeClients clients, string connectionId, Func<string, Task> send) : IClientProxy
        {
            public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
            {
                var sending = send(connectionId);
                clients.Sent.Add((connectionId, method, args.Single()));
                return sending;
            }
        }
    }

    private sealed class FakeCallerContext(string connectionId) : HubCallerContext
    {
        public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override string ConnectionId => connectionId;

        public override string? UserIdentifier => null;

        public override ClaimsPrincipal? User => null;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort() => Aborted.TrySetResult();
    }
}
