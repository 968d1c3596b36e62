using System.Security.Cryptography;
using System.Text;

namespace SignalingAkka.Protocol.Tests;

public class TurnCredentialTests
{
    private const string Fingerprint = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Fact]
    public void Matches_a_credential_computed_by_openssl()
    {
        // printf '%s' "1700000000:$FP" | openssl dgst -sha1 -hmac north-secret -binary | base64
        var credential = TurnCredential.Create("north-secret", Fingerprint, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        Assert.Equal($"1700000000:{Fingerprint}", credential.Username);
        Assert.Equal("pu1t1+mIAQrpqRkeIRk1thIfM3M=", credential.Password);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), credential.ExpiresAt);
    }

    [Fact]
    public void Password_is_standard_base64_of_hmac_sha1_over_the_username()
    {
        const string secret = "s3cr€t with unicode";
        var credential = TurnCredential.Create(secret, Fingerprint, DateTimeOffset.FromUnixTimeSeconds(1_800_000_123));

        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(credential.Username)));
        Assert.Equal(expected, credential.Password);
        Assert.Equal(28, credential.Password.Length); // 20 bytes, padded as coturn expects
    }

    [Fact]
    public void The_expiry_is_the_whole_second_in_the_username()
    {
        var at = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2));
        var credential = TurnCredential.Create("secret", Fingerprint, at);
        Assert.Equal($"{at.ToUnixTimeSeconds()}:{Fingerprint}", credential.Username);
        Assert.Equal(at.AddMilliseconds(-678), credential.ExpiresAt);
        Assert.Equal(TimeSpan.Zero, credential.ExpiresAt.Offset);
    }

    [Fact]
    public void An_empty_secret_is_refused() =>
        Assert.Throws<ArgumentException>(() => TurnCredential.Create("", Fingerprint, DateTimeOffset.UnixEpoch));
}
