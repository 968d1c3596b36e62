namespace SignalingAkka.Protocol.Tests;

public class RejoinSignatureTests
{
    private const string SessionId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private const string Fingerprint = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private const long Timestamp = 1_700_000_000;

    // Computed independently with the RFC 8032 test-1 key:
    //   printf '%s' "signaling-rejoin:v1:$SESSION:$FP:1700000000" | openssl pkeyutl -sign -inkey k.pem -rawin | base64url
    private const string ExpectedSignature =
        "X_6m6JKTwxbqtQaKNjVNOCvH0tzPLPRV1DWMMWwaDJwqhNFxMqiqsAEVxyzxwP28Tjy0mhkIhbaPap8_WvvRAQ";

    private static DeviceKeyPair Rfc8032Key() =>
        DeviceKeyPair.FromPrivateSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

    [Fact]
    public void Creates_the_signature_another_implementation_makes()
    {
        using var key = Rfc8032Key();
        Assert.Equal(ExpectedSignature, RejoinSignature.Create(key, SessionId, Fingerprint, Timestamp));
        Assert.True(RejoinSignature.Verify(key.PublicKey, SessionId, Fingerprint, Timestamp, ExpectedSignature));
    }

    [Fact]
    public void Fails_for_another_session_fingerprint_timestamp_or_key()
    {
        using var key = DeviceKeyPair.Generate();
        using var other = DeviceKeyPair.Generate();
        var signature = RejoinSignature.Create(key, SessionId, Fingerprint, Timestamp);

        Assert.True(RejoinSignature.Verify(key.PublicKey, SessionId, Fingerprint, Timestamp, signature));
        Assert.False(RejoinSignature.Verify(key.PublicKey, "3f2504e0-4f89-11d3-9a0c-0305e82c3302", Fingerprint, Timestamp, signature));
        Assert.False(RejoinSignature.Verify(key.PublicKey, SessionId, new string('0', 64), Timestamp, signature));
        Assert.False(RejoinSignature.Verify(key.PublicKey, SessionId, Fingerprint, Timestamp + 1, signature));
        Assert.False(RejoinSignature.Verify(other.PublicKey, SessionId, Fingerprint, Timestamp, signature));
    }

    [Fact]
    public void An_access_token_signature_is_no_rejoin_signature()
    {
        // Both sign the fingerprint and a time; the context prefix keeps one from passing as the other.
        using var key = DeviceKeyPair.Generate();
        var token = AccessToken.Create(key, Fingerprint, DateTimeOffset.FromUnixTimeSeconds(Timestamp), includePublicKey: false);
        var tokenSignature = token.Split('.')[3];
        Assert.False(RejoinSignature.Verify(key.PublicKey, SessionId, Fingerprint, Timestamp, tokenSignature));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData(ExpectedSignature + "==")]
    [InlineData("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")] // 32 bytes
    public void Answers_false_for_malformed_signatures(string? signature)
    {
        using var key = Rfc8032Key();
        Assert.False(RejoinSignature.Verify(key.PublicKey, SessionId, Fingerprint, Timestamp, signature));
    }

    [Fact]
    public void Answers_false_for_a_malformed_key() =>
        Assert.False(RejoinSignature.Verify(new byte[31], SessionId, Fingerprint, Timestamp, ExpectedSignature));
}
