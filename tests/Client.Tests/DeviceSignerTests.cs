using System.Globalization;
using SignalingAkka.Protocol;

namespace SignalingAkka.Client.Tests;

public sealed class DeviceSignerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly DeviceKeyPair _key = DeviceKeyPair.Generate();
    private readonly string _fingerprint = Fingerprints.Compute("platform-id", "install-id");
    private readonly ManualClock _clock = new(Start);

    public void Dispose() => _key.Dispose();

    private DeviceSigner Signer() => new(_key, _fingerprint, _clock);

    [Fact]
    public void Access_token_is_v1_with_fingerprint_clock_time_and_public_key()
    {
        var parts = Signer().CreateAccessToken().Split('.');

        Assert.Equal(5, parts.Length);
        Assert.Equal("v1", parts[0]);
        Assert.Equal(_fingerprint, parts[1]);
        Assert.Equal(Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), parts[2]);
        Assert.Equal(_key.PublicKeyText, parts[4]);
        Assert.Equal(_key.PublicKey, Ed25519Check.Base64Url(parts[4]));
    }

    [Fact]
    public void Access_token_signature_verifies_with_the_public_key()
    {
        var parts = Signer().CreateAccessToken().Split('.');

        Assert.True(Ed25519Check.Verifies(parts[4], $"signaling-auth:v1:{_fingerprint}:{parts[2]}", parts[3]));
    }

    [Fact]
    public void Every_access_token_is_made_at_the_current_clock_time()
    {
        var signer = Signer();
        var first = signer.CreateAccessToken();
        _clock.Now = Start.AddMinutes(10);

        var later = signer.CreateAccessToken().Split('.');

        Assert.NotEqual(first, string.Join('.', later));
        Assert.Equal(Start.AddMinutes(10).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), later[2]);
        Assert.True(Ed25519Check.Verifies(_key.PublicKeyText, $"signaling-auth:v1:{_fingerprint}:{later[2]}", later[3]));
    }

    [Fact]
    public void Rejoin_request_is_signed_over_session_fingerprint_and_clock_time()
    {
        var request = Signer().CreateRejoinRequest("6f1c0e2a-3b4d-4c5e-8f90-a1b2c3d4e5f6", lastSeq: 42);

        Assert.Equal("6f1c0e2a-3b4d-4c5e-8f90-a1b2c3d4e5f6", request.SessionId);
        Assert.Equal(Start.ToUnixTimeSeconds(), request.Timestamp);
        Assert.Equal(42, request.LastSeq);
        Assert.True(Ed25519Check.Verifies(
            _key.PublicKeyText,
            $"signaling-rejoin:v1:6f1c0e2a-3b4d-4c5e-8f90-a1b2c3d4e5f6:{_fingerprint}:{request.Timestamp}",
            request.Signature!));
    }

    [Fact]
    public void Rejoin_request_without_last_seq_leaves_it_absent()
    {
        Assert.Null(Signer().CreateRejoinRequest("s", lastSeq: null).LastSeq);
    }
}
