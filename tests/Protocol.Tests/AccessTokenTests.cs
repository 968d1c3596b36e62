namespace SignalingAkka.Protocol.Tests;

public class AccessTokenTests
{
    private const string Fingerprint = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private const string OtherFingerprint = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    // Computed independently with the RFC 8032 test-1 key:
    //   printf '%s' "signaling-auth:v1:$FP:1700000000" | openssl pkeyutl -sign -inkey k.pem -rawin | base64url
    private const string ExpectedSignature =
        "1G0Cpl8AImj1Kv0_yI44HYlORMsis9VTS47e3oCZzS2dwE7Uqvsqm8jrPg_XfJNgtn3KWe9qcnAheGgKavTsDw";
    private const string ExpectedPublicKey = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

    private static DeviceKeyPair Rfc8032Key() =>
        DeviceKeyPair.FromPrivateSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

    [Fact]
    public void Creates_the_exact_wire_text()
    {
        using var key = Rfc8032Key();
        Assert.Equal($"v1.{Fingerprint}.1700000000.{ExpectedSignature}.{ExpectedPublicKey}",
            AccessToken.Create(key, Fingerprint, At));
        Assert.Equal($"v1.{Fingerprint}.1700000000.{ExpectedSignature}",
            AccessToken.Create(key, Fingerprint, At, includePublicKey: false));
    }

    [Fact]
    public void Verifies_a_token_signed_by_another_implementation()
    {
        Assert.True(AccessToken.TryParse($"v1.{Fingerprint}.1700000000.{ExpectedSignature}.{ExpectedPublicKey}", out var token));
        Assert.True(Base64Url.TryDecode(ExpectedPublicKey, out var publicKey));
        Assert.Equal(publicKey, token.PublicKey);
        Assert.True(token.VerifySignature(publicKey));
    }

    [Fact]
    public void Create_parse_verify_round_trip_with_the_public_key_part()
    {
        using var key = DeviceKeyPair.Generate();
        Assert.True(AccessToken.TryParse(AccessToken.Create(key, Fingerprint, At), out var token));
        Assert.Equal(Fingerprint, token.Fingerprint);
        Assert.Equal(1_700_000_000, token.UnixSeconds);
        Assert.Equal(key.PublicKey, token.PublicKey);
        Assert.True(token.VerifySignature(token.PublicKey!));
    }

    [Fact]
    public void Create_parse_verify_round_trip_without_the_public_key_part()
    {
        using var key = DeviceKeyPair.Generate();
        Assert.True(AccessToken.TryParse(AccessToken.Create(key, Fingerprint, At, includePublicKey: false), out var token));
        Assert.Null(token.PublicKey);
        Assert.True(token.VerifySignature(key.PublicKey));
    }

    [Fact]
    public void Sub_second_times_are_truncated_to_the_second()
    {
        using var key = DeviceKeyPair.Generate();
        Assert.True(AccessToken.TryParse(AccessToken.Create(key, Fingerprint, At.AddMilliseconds(999)), out var token));
        Assert.Equal(1_700_000_000, token.UnixSeconds);
    }

    [Fact]
    public void A_wrong_key_fails_verification()
    {
        using var key = DeviceKeyPair.Generate();
        using var other = DeviceKeyPair.Generate();
        Assert.True(AccessToken.TryParse(AccessToken.Create(key, Fingerprint, At), out var token));
        Assert.False(token.VerifySignature(other.PublicKey));
        Assert.False(token.VerifySignature(key.PublicKey[..31]));
    }

    [Fact]
    public void A_tampered_fingerprint_time_or_signature_fails_verification()
    {
        using var key = DeviceKeyPair.Generate();
        var parts = AccessToken.Create(key, Fingerprint, At).Split('.');

        var otherFingerprint = Reassemble(parts, 1, OtherFingerprint);
        var otherTime = Reassemble(parts, 2, "1700000001");
        var otherSignature = Reassemble(parts, 3, ExpectedSignature);

        foreach (var tampered in new[] { otherFingerprint, otherTime, otherSignature })
        {
            Assert.True(AccessToken.TryParse(tampered, out var token), tampered);
            Assert.False(token.VerifySignature(key.PublicKey), tampered);
        }
    }

    public static TheoryData<string?> Garbage()
    {
        var sig = ExpectedSignature;
        var pub = ExpectedPublicKey;
        return new TheoryData<string?>
        {
            null,
            "",
            "v1",
            $"v1.{Fingerprint}.1700000000",                          // 3 parts
            $"v1.{Fingerprint}.1700000000.{sig}.{pub}.{pub}",        // 6 parts
            $"v1.{Fingerprint}.1700000000.{sig}.",                   // empty public key part
            $"v2.{Fingerprint}.1700000000.{sig}",
            $"V1.{Fingerprint}.1700000000.{sig}",
            $"v1.{Fingerprint.ToUpperInvariant()}.1700000000.{sig}",
            $"v1.{Fingerprint[..63]}.1700000000.{sig}",
            $"v1.{Fingerprint}.17000000x0.{sig}",                    // non-numeric time
            $"v1.{Fingerprint}.-1700000000.{sig}",
            $"v1.{Fingerprint}.+1700000000.{sig}",
            $"v1.{Fingerprint}.01700000000.{sig}",                   // non-canonical number
            $"v1.{Fingerprint}. 1700000000.{sig}",
            $"v1.{Fingerprint}.1.7e9.{sig}",
            $"v1.{Fingerprint}.99999999999999999999.{sig}",          // overflows long
            $"v1.{Fingerprint}..{sig}",
            $"v1.{Fingerprint}.1700000000.{sig}==",                  // padded
            $"v1.{Fingerprint}.1700000000.{sig.Replace('-', '+').Replace('_', '/')}", // standard base64
            $"v1.{Fingerprint}.1700000000.{sig[..^2]}",              // 63 bytes
            $"v1.{Fingerprint}.1700000000.{pub}",                    // 32-byte signature
            $"v1.{Fingerprint}.1700000000.!!!!",
            $"v1.{Fingerprint}.1700000000.{sig}.{pub[..^1]}",        // truncated public key
            $"v1.{Fingerprint}.1700000000.{sig}.{sig}",              // 64-byte public key
            $"v1.{Fingerprint}.1700000000.{sig}.{pub}=",
            $" v1.{Fingerprint}.1700000000.{sig}",
            $"v1.{Fingerprint}.1700000000.{sig} ",
        };
    }

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Rejects_malformed_tokens(string? text)
    {
        Assert.False(AccessToken.TryParse(text, out var token));
        Assert.Null(token);
    }

    [Fact]
    public void Accepts_time_zero()
    {
        Assert.True(AccessToken.TryParse($"v1.{Fingerprint}.0.{ExpectedSignature}", out var token));
        Assert.Equal(0, token.UnixSeconds);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(300, true)]
    [InlineData(-300, true)]
    [InlineData(301, false)]
    [InlineData(-301, false)]
    public void Is_fresh_within_300_seconds_either_way(int offsetSeconds, bool fresh)
    {
        var token = new AccessToken(Fingerprint, 1_700_000_000, new byte[64], null);
        Assert.Equal(fresh, token.IsFresh(At.AddSeconds(offsetSeconds)));
    }

    [Fact]
    public void Freshness_honours_a_custom_skew()
    {
        var token = new AccessToken(Fingerprint, 1_700_000_000, new byte[64], null);
        Assert.True(token.IsFresh(At.AddSeconds(10), skewSeconds: 10));
        Assert.False(token.IsFresh(At.AddSeconds(11), skewSeconds: 10));
    }

    [Fact]
    public void Freshness_of_a_far_future_time_does_not_overflow()
    {
        var token = new AccessToken(Fingerprint, long.MaxValue, new byte[64], null);
        Assert.False(token.IsFresh(DateTimeOffset.MinValue));
        Assert.False(token.IsFresh(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void Create_refuses_a_malformed_fingerprint()
    {
        using var key = DeviceKeyPair.Generate();
        Assert.Throws<ArgumentException>(() => AccessToken.Create(key, Fingerprint.ToUpperInvariant(), At));
    }

    private static string Reassemble(string[] parts, int index, string replacement)
    {
        var copy = (string[])parts.Clone();
        copy[index] = replacement;
        return string.Join('.', copy);
    }
}
