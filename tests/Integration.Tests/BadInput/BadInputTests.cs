using SignalingAkka.Client;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.BadInput;

/// <summary>Every bad call gets its error code, changes nothing, and leaves the connection usable.</summary>
public sealed class BadInputTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private Daemon Daemon => fixture.Daemon;

    [Fact]
    public async Task An_unregistered_device_may_call_only_RegisterDevice()
    {
        var device = await Daemon.ConnectDeviceAsync("newcomer", register: false);

        await AssertRejected(ErrorCodes.NotRegistered, () => device.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL));
        await AssertRejected(ErrorCodes.NotRegistered, () => device.Client.JoinSessionAsync("AVNE-2345-6789"));
        await AssertRejected(ErrorCodes.NotRegistered,
            () => device.Client.SendIceCandidateAsync(Guid.NewGuid().ToString(), device.Fingerprint, "candidate:1"));

        var registered = await device.Client.RegisterDeviceAsync("newcomer", Platform.ANDROID, DeviceType.PHONE);
        Assert.True(registered.IsNew);
        Assert.True(Guid.TryParse(registered.DeviceId, out _));
        var created = await device.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
        Assert.Equal("active", created.State);
    }

    [Fact]
    public async Task Registering_again_is_an_update_with_the_same_device_id()
    {
        var device = await Daemon.ConnectDeviceAsync("phone", register: false);
        var first = await device.Client.RegisterDeviceAsync("phone", Platform.IOS, DeviceType.PHONE);
        var second = await device.Client.RegisterDeviceAsync("renamed phone", Platform.IOS, DeviceType.TABLET);

        Assert.Equal((first.DeviceId, true, false), (second.DeviceId, first.IsNew, second.IsNew));
        var found = await Daemon.Gateway.FindDeviceAsync(device.Fingerprint, CancellationToken.None);
        Assert.Equal(("renamed phone", DeviceType.TABLET), (found!.DeviceName, found.DeviceType));
    }

    [Fact]
    public async Task Registering_with_a_key_other_than_the_token_key_is_KEY_MISMATCH()
    {
        var device = await Daemon.ConnectDeviceAsync("device", register: false);
        using var otherKey = DeviceKeyPair.Generate();

        await AssertRejected(ErrorCodes.KeyMismatch, () => device.Client.InvokeRawAsync<RegisterDeviceResult>(
            HubMethods.RegisterDevice,
            new RegisterDeviceRequest(device.Fingerprint, otherKey.PublicKeyText, "device", "WEB", "DESKTOP")));

        Assert.Null(await Daemon.Gateway.FindDeviceAsync(device.Fingerprint, CancellationToken.None));
        Assert.True((await device.Client.RegisterDeviceAsync("device", Platform.WEB, DeviceType.DESKTOP)).IsNew);
    }

    [Fact]
    public async Task A_fingerprint_registered_with_one_key_cannot_be_taken_by_another()
    {
        var owner = await Daemon.ConnectDeviceAsync("owner", register: false);
        using var impostorKey = DeviceKeyPair.Generate();
        await using var impostor = await ConnectAsync(owner.Fingerprint, impostorKey);

        await owner.Client.RegisterDeviceAsync("owner", Platform.DESKTOP, DeviceType.DESKTOP);
        await AssertRejected(ErrorCodes.KeyMismatch,
            () => impostor.RegisterDeviceAsync("impostor", Platform.DESKTOP, DeviceType.DESKTOP));

        var stored = await Daemon.Gateway.FindDeviceAsync(owner.Fingerprint, CancellationToken.None);
        Assert.Equal((owner.Key.PublicKeyText, "owner"), (stored!.PublicKey, stored.DeviceName));
    }

    [Theory]
    [InlineData(null, ErrorCodes.LicenseRequired)]
    [InlineData("", ErrorCodes.LicenseRequired)]
    [InlineData("lic-unknown", ErrorCodes.LicenseInvalid)]
    [InlineData(Daemon.ExpiredLicense, ErrorCodes.LicenseInvalid)]
    public async Task Hosting_needs_a_valid_licence(string? licence, string code)
    {
        var host = await Daemon.ConnectDeviceAsync("host");
        await AssertRejected(code, () => host.Client.InvokeRawAsync<SessionInfo>(HubMethods.CreateSession,
            new CreateSessionRequest(licence, "CALL")));

        Assert.Equal("FREE", (await host.Client.CreateSessionAsync(Daemon.FreeLicense, SessionType.CALL)).Tier);
    }

    [Fact]
    public async Task Unknown_and_malformed_invite_codes_are_refused()
    {
        var guest = await Daemon.ConnectDeviceAsync("guest");
        await AssertRejected(ErrorCodes.InviteNotFound, () => guest.Client.JoinSessionAsync("AVNE-2345-6789"));
        await AssertRejected(ErrorCodes.InvalidArgument, () => guest.Client.JoinSessionAsync("AVNE-0000-1111"));
        await AssertRejected(ErrorCodes.InvalidArgument, () => guest.Client.JoinSessionAsync(""));
    }

    [Fact]
    public async Task A_full_session_refuses_one_more_and_stays_as_it_was()
    {
        var (host, guest, session) = await StartCallAsync(Daemon.FreeLicense);
        var third = await Daemon.ConnectDeviceAsync("third");

        await AssertRejected(ErrorCodes.SessionFull, () => third.Client.JoinSessionAsync(session.InviteCode));

        var info = await Daemon.Gateway.GetSessionAsync(session.SessionId, CancellationToken.None);
        Assert.Equal([host.Fingerprint, guest.Fingerprint], info.Participants.Select(p => p.Fingerprint));
        Assert.DoesNotContain(host.Pending(), e => e.Payload is PeerJoinedEvent j && j.Participant.Fingerprint == third.Fingerprint);
    }

    [Fact]
    public async Task Relays_need_both_ends_in_the_session()
    {
        var (host, guest, session) = await StartCallAsync(Daemon.ProLicense);
        var stranger = await Daemon.ConnectDeviceAsync("stranger");

        await AssertRejected(ErrorCodes.PeerNotInSession,
            () => host.Client.SendIceCandidateAsync(session.SessionId, stranger.Fingerprint, "candidate:1"));
        await AssertRejected(ErrorCodes.NotInSession,
            () => stranger.Client.SendSdpOfferAsync(session.SessionId, host.Fingerprint, "v=0"));
        await AssertRejected(ErrorCodes.SessionNotFound,
            () => host.Client.SendSdpOfferAsync(Guid.NewGuid().ToString(), guest.Fingerprint, "v=0"));
        await AssertRejected(ErrorCodes.NotInSession, () => stranger.Client.LeaveSessionAsync(session.SessionId));

        // Nothing was relayed or numbered by the refused calls: the first real message is seq 1.
        await host.Client.SendIceCandidateAsync(session.SessionId, guest.Fingerprint, "candidate:ok");
        var delivered = await guest.NextAsync<IceCandidateEvent>();
        Assert.Equal((1L, "candidate:ok"), (delivered.Seq, delivered.Candidate));
        Assert.Empty(stranger.Pending());
    }

    [Fact]
    public async Task A_spoofed_from_field_is_ignored()
    {
        var (host, guest, session) = await StartCallAsync(Daemon.ProLicense);

        await guest.Client.InvokeRawAsync<RelayResult>(HubMethods.IceCandidate, new
        {
            sessionId = session.SessionId,
            to = host.Fingerprint,
            candidate = "candidate:spoof",
            from = new string('a', 64),
        });

        var received = await host.NextAsync<IceCandidateEvent>();
        Assert.Equal((guest.Fingerprint, "candidate:spoof"), (received.From, received.Candidate));
    }

    [Fact]
    public async Task Oversized_payloads_are_PAYLOAD_TOO_LARGE_and_the_limits_themselves_pass()
    {
        var (host, guest, session) = await StartCallAsync(Daemon.ProLicense);

        await AssertRejected(ErrorCodes.PayloadTooLarge,
            () => host.Client.SendSdpOfferAsync(session.SessionId, guest.Fingerprint, new string('s', Limits.MaxSdpChars + 1)));
        await AssertRejected(ErrorCodes.PayloadTooLarge,
            () => host.Client.SendIceCandidateAsync(session.SessionId, guest.Fingerprint, new string('c', Limits.MaxCandidateChars + 1)));

        await host.Client.SendSdpOfferAsync(session.SessionId, guest.Fingerprint, new string('s', Limits.MaxSdpChars));
        await host.Client.SendIceCandidateAsync(session.SessionId, guest.Fingerprint, new string('c', Limits.MaxCandidateChars));
        var bigOffer = (await guest.NextAsync<ReceivedOffer>()).Event;
        Assert.Equal((1L, Limits.MaxSdpChars), (bigOffer.Seq, bigOffer.Sdp.Length));
        Assert.Equal(2L, (await guest.NextAsync<IceCandidateEvent>()).Seq);
    }

    [Fact]
    public async Task A_message_over_128_KiB_closes_only_that_connection()
    {
        var (host, guest, session) = await StartCallAsync(Daemon.ProLicense);
        var closed = new TaskCompletionSource<Exception?>();
        host.Client.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };

        var oversized = host.Client.InvokeRawAsync<RelayResult>(HubMethods.SdpOffer,
            new { sessionId = session.SessionId, to = guest.Fingerprint, sdp = new string('s', Limits.MaxHubMessageBytes) });

        await Assert.ThrowsAnyAsync<Exception>(() => oversized);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var again = await Daemon.ReconnectAsync(host);
        Assert.Equal(new RelayResult(true, false), await again.Client.SendSdpOfferAsync(session.SessionId, guest.Fingerprint, "v=0"));
    }

    public static TheoryData<string, object?> GarbageRequests() => new()
    {
        { HubMethods.JoinSession, null },
        { HubMethods.JoinSession, new { } },
        { HubMethods.CreateSession, new { licenseToken = Daemon.ProLicense, sessionType = "TOASTER" } },
        { HubMethods.CreateSession, new { licenseToken = Daemon.ProLicense, sessionType = "call" } },
        { HubMethods.CreateSession, new { licenseToken = Daemon.ProLicense, sessionType = "CALL", topology = "ring" } },
        { HubMethods.CreateSession, new { licenseToken = Daemon.ProLicense, sessionType = "CALL", capabilities = new { cpuCores = -1, deviceType = "DESKTOP", networkType = "WIFI" } } },
        { HubMethods.CreateSession, new { licenseToken = Daemon.ProLicense, sessionType = "CALL", capabilities = new { cpuCores = 4, deviceType = "FRIDGE", networkType = "WIFI" } } },
        { HubMethods.LeaveSession, new { sessionId = "not-a-uuid" } },
        { HubMethods.LeaveSession, new { sessionId = (string?)null } },
        { HubMethods.SdpOffer, new { sessionId = Guid.NewGuid().ToString(), to = "XYZ", sdp = "v=0" } },
        { HubMethods.SdpOffer, new { sessionId = Guid.NewGuid().ToString(), to = new string('a', 64), sdp = "" } },
        { HubMethods.SdpAnswer, new { sessionId = Guid.NewGuid().ToString(), to = new string('a', 64) } },
        { HubMethods.IceCandidate, new { sessionId = Guid.NewGuid().ToString(), to = new string('a', 64) } },
        { HubMethods.IceCandidate, new { sessionId = Guid.NewGuid().ToString(), to = new string('a', 64), candidate = "c", sdpMLineIndex = -1 } },
        { HubMethods.RegisterDevice, new { fingerprint = "abc", publicKey = "x", deviceName = "d", platform = "WEB", deviceType = "DESKTOP" } },
    };

    [Theory]
    [MemberData(nameof(GarbageRequests))]
    public async Task Null_empty_and_garbage_fields_are_INVALID_ARGUMENT(string method, object? request)
    {
        var device = await Daemon.ConnectDeviceAsync("careless");

        await AssertRejected(ErrorCodes.InvalidArgument, () => device.Client.InvokeRawAsync<object>(method, request));

        var created = await device.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
        Assert.Single(created.Participants);
    }

    [Fact]
    public async Task Registration_fields_are_validated()
    {
        var device = await Daemon.ConnectDeviceAsync("device", register: false);
        RegisterDeviceRequest Valid() => new(device.Fingerprint, device.Key.PublicKeyText, "device", "WEB", "DESKTOP");

        foreach (var bad in new[]
                 {
                     Valid() with { Fingerprint = new string('b', 64) },
                     Valid() with { DeviceName = "" },
                     Valid() with { DeviceName = new string('n', 101) },
                     Valid() with { Platform = "WINDOWS" },
                     Valid() with { DeviceType = null },
                     Valid() with { UserId = "user-1" },
                     Valid() with { PublicKey = "not base64url!" },
                 })
        {
            await AssertRejected(ErrorCodes.InvalidArgument,
                () => device.Client.InvokeRawAsync<RegisterDeviceResult>(HubMethods.RegisterDevice, bad));
        }

        Assert.Null(await Daemon.Gateway.FindDeviceAsync(device.Fingerprint, CancellationToken.None));
        Assert.True((await device.Client.InvokeRawAsync<RegisterDeviceResult>(HubMethods.RegisterDevice, Valid())).IsNew);
    }

    private async Task<(TestDevice Host, TestDevice Guest, SessionInfo Session)> StartCallAsync(string licence)
    {
        var host = await Daemon.ConnectDeviceAsync("host");
        var guest = await Daemon.ConnectDeviceAsync("guest");
        var session = await host.Client.CreateSessionAsync(licence, SessionType.CALL);
        await guest.Client.JoinSessionAsync(session.InviteCode);
        await host.NextAsync<PeerJoinedEvent>();
        return (host, guest, session);
    }

    private async Task<SignalingClient> ConnectAsync(string fingerprint, DeviceKeyPair key)
    {
        var client = new SignalingClient(new SignalingClientOptions
        {
            ServerUrl = Daemon.BaseUrl, Key = key, Fingerprint = fingerprint, AutomaticReconnect = false,
        });
        await client.StartAsync();
        return client;
    }

    private static async Task AssertRejected(string code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<SignalingException>(call);
        Assert.Equal(code, error.Code);
    }
}
