using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalingAkka.Protocol;

namespace SignalingAkka.Client.Tests.Wiring;

/// <summary>
/// A stand-in hub on a loopback port that does what PROTOCOL.md says a rejoin does (and nothing else
/// the daemon does): enough to see the client reconnect, rejoin and de-duplicate over real SignalR.
/// </summary>
internal sealed class FakeSignalingServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeSignalingServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public FakeHubState State => _app.Services.GetRequiredService<FakeHubState>();

    public static async Task<FakeSignalingServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<FakeHubState>();
        var app = builder.Build();
        app.MapHub<FakeSignalingHub>(HubNames.Path);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeSignalingServer(app, new Uri(address));
    }

    /// <summary>Relays an offer to the client's current connection, as another participant's would be.</summary>
    public Task PushOfferAsync(string sessionId, long seq) =>
        _app.Services.GetRequiredService<IHubContext<FakeSignalingHub>>().Clients.Client(State.ConnectionId)
            .SendAsync(HubEvents.SdpOffer, FakeSignalingHub.Offer(sessionId, seq));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What the fake hub was asked, and how it answers rejoins.</summary>
internal sealed class FakeHubState
{
    private readonly Lock _gate = new();
    private readonly List<RejoinSessionRequest> _rejoins = [];
    private HubCallerContext? _current;

    public string SessionId { get; } = Guid.NewGuid().ToString();

    /// <summary>The seqs a rejoin sends before its result, whatever its lastSeq (a server replaying too much).</summary>
    public long[] Redeliver { get; set; } = [];

    /// <summary>A <c>CODE: text</c> every rejoin is refused with, or null to accept.</summary>
    public string? RejoinRefusal { get; set; }

    /// <summary>How many rejoins are refused as <c>UNAVAILABLE</c> before one is answered.</summary>
    public int UnavailableRejoins { get; set; }

    public string ConnectionId
    {
        get { lock (_gate) return _current?.ConnectionId ?? throw new InvalidOperationException("no client connected"); }
    }

    public IReadOnlyList<RejoinSessionRequest> Rejoins
    {
        get { lock (_gate) return _rejoins.ToArray(); }
    }

    public void Connected(HubCallerContext context)
    {
        lock (_gate) _current = context;
    }

    /// <summary>The refusal for this rejoin, or null to answer it.</summary>
    public string? RecordRejoin(RejoinSessionRequest request)
    {
        lock (_gate)
        {
            _rejoins.Add(request);
            if (RejoinRefusal is not null) return RejoinRefusal;
            if (UnavailableRejoins <= 0) return null;
            UnavailableRejoins--;
            return "UNAVAILABLE: try again";
        }
    }

    /// <summary>
    /// Kills the client's connection under SignalR, as a network drop does: the hub's own Abort would
    /// send a close message that tells the client not to reconnect.
    /// </summary>
    public void Drop()
    {
        lock (_gate) (_current?.GetHttpContext() ?? throw new InvalidOperationException("no client connected")).Abort();
    }
}

internal sealed class FakeSignalingHub(FakeHubState state) : Hub
{
    public override Task OnConnectedAsync()
    {
        state.Connected(Context);
        return Task.CompletedTask;
    }

    public SessionInfo CreateSession(CreateSessionRequest request) => Session(state.SessionId, redelivered: 0);

    public async Task<SessionInfo> RejoinSession(RejoinSessionRequest request)
    {
        if (state.RecordRejoin(request) is { } refusal) throw new HubException(refusal);
        foreach (var seq in state.Redeliver)
            await Clients.Caller.SendAsync(HubEvents.SdpOffer, Offer(request.SessionId!, seq));
        return Session(request.SessionId!, state.Redeliver.Length);
    }

    public EmptyResult LeaveSession(LeaveSessionRequest request) => EmptyResult.Instance;

    public static SdpEvent Offer(string sessionId, long seq) => new(sessionId, "peer", seq, $"v=0 {seq}");

    private static SessionInfo Session(string sessionId, int redelivered) => new(
        sessionId, "AVNE-2345-6789", "CALL", "star", "PRO", 10, true, "host", "host", "active",
        "2026-01-02T03:04:05Z", null, [], redelivered);
}
