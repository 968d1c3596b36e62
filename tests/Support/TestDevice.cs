using System.Threading.Channels;
using SignalingAkka.Client;
using SignalingAkka.Protocol;

namespace SignalingAkka.Tests.Support;

/// <summary>A device for tests: its identity, a client, and every event the client received, in order.</summary>
public sealed class TestDevice : IAsyncDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(15);
    private readonly Channel<(string Method, object Payload)> _events = Channel.CreateUnbounded<(string, object)>();
    private readonly List<(string Method, object Payload)> _seen = [];

    private TestDevice(string name, DeviceKeyPair key, string fingerprint, Uri baseUrl, WireProtocol protocol,
        bool autoReconnect)
    {
        Name = name;
        Key = key;
        Fingerprint = fingerprint;
        Client = new SignalingClient(new SignalingClientOptions
        {
            ServerUrl = baseUrl, Key = key, Fingerprint = fingerprint, Protocol = protocol,
            AutomaticReconnect = autoReconnect, WebSocketFactory = Sockets.OpenAsync,
        });
        Subscribe();
    }

    public string Name { get; }
    public DeviceKeyPair Key { get; }
    public string Fingerprint { get; }
    public SignalingClient Client { get; }

    /// <summary>Its current WebSocket, which <see cref="AbortableWebSockets.Abort"/> kills without a close handshake.</summary>
    public AbortableWebSockets Sockets { get; } = new();

    /// <summary>
    /// A new device. With <paramref name="autoReconnect"/> its client reconnects and rejoins its sessions by
    /// itself, as an application would use it; otherwise a dropped connection stays dropped.
    /// </summary>
    public static TestDevice Create(Uri baseUrl, string name, WireProtocol protocol = WireProtocol.Json,
        bool autoReconnect = false)
    {
        var key = DeviceKeyPair.Generate();
        var fingerprint = Fingerprints.Compute("test-platform", Guid.NewGuid().ToString());
        return new TestDevice(name, key, fingerprint, baseUrl, protocol, autoReconnect);
    }

    /// <summary>Opens the client's connection and, unless told otherwise, registers the device as a desktop.</summary>
    public async Task ConnectAsync(bool register = true, CancellationToken ct = default)
    {
        await Client.StartAsync(ct);
        if (register) await Client.RegisterDeviceAsync(Name, Platform.DESKTOP, DeviceType.DESKTOP, ct: ct);
    }

    /// <summary>Another connection of this device (same key).</summary>
    public TestDevice On(Uri baseUrl, WireProtocol protocol = WireProtocol.Json) =>
        new(Name, Key, Fingerprint, baseUrl, protocol, autoReconnect: false);

    /// <summary>Waits for the next event of this type matching the filter; earlier non-matching events are skipped but kept.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(EventTimeout);
        var index = 0;
        while (true)
        {
            for (; index < _seen.Count; index++)
            {
                if (_seen[index].Payload is T payload && (match is null || match(payload)))
                {
                    _seen.RemoveAt(index);
                    return payload;
                }
            }

            try
            {
                _seen.Add(await _events.Reader.ReadAsync(timeout.Token));
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name} got no {typeof(T).Name} in {EventTimeout.TotalSeconds} s; " +
                    $"unmatched: {string.Join(", ", _seen.Select(e => e.Method))}");
            }
        }
    }

    /// <summary>Every event received so far that no <see cref="NextAsync{T}"/> took.</summary>
    public IReadOnlyList<(string Method, object Payload)> Pending()
    {
        while (_events.Reader.TryRead(out var e)) _seen.Add(e);
        return _seen.ToList();
    }

    /// <summary>Closes the connection. The key stays usable: tests reconnect the same device to another daemon.</summary>
    public ValueTask DisposeAsync() => Client.DisposeAsync();

    private void Subscribe()
    {
        Client.PeerJoined += e => Record(HubEvents.PeerJoined, e);
        Client.PeerLeft += e => Record(HubEvents.PeerLeft, e);
        Client.PeerConnectionChanged += e => Record(HubEvents.PeerConnectionChanged, e);
        Client.HubChanged += e => Record(HubEvents.HubChanged, e);
        Client.SdpOfferReceived += e => Record(HubEvents.SdpOffer, new ReceivedOffer(e));
        Client.SdpAnswerReceived += e => Record(HubEvents.SdpAnswer, new ReceivedAnswer(e));
        Client.IceCandidateReceived += e => Record(HubEvents.IceCandidate, e);
        Client.SessionEnded += e => Record(HubEvents.SessionEnded, e);
        Client.SessionRejoined += e => Record(nameof(Client.SessionRejoined), new Rejoined(e));
        Client.SessionLost += e => Record(nameof(Client.SessionLost), e);
    }

    private Task Record(string method, object payload)
    {
        _events.Writer.TryWrite((method, payload));
        return Task.CompletedTask;
    }
}

/// <summary>SdpOffer and SdpAnswer share one payload shape; these tell them apart in tests.</summary>
public sealed record ReceivedOffer(SdpEvent Event);

public sealed record ReceivedAnswer(SdpEvent Event);

/// <summary>The client rejoined a session by itself after reconnecting.</summary>
public sealed record Rejoined(SessionInfo Session);
