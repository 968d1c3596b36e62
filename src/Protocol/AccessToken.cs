using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace SignalingAkka.Protocol;

/// <summary>
/// The connection token <c>v1.{fingerprint}.{unixSeconds}.{sig}[.{pub}]</c>. Parsing checks the
/// format only; whose key must verify the signature is the server's decision (PROTOCOL.md).
/// </summary>
public sealed record AccessToken(string Fingerprint, long UnixSeconds, byte[] Signature, byte[]? PublicKey)
{
    private const string Version = "v1";
    private const int SignatureLength = 64;
    private const int PublicKeyLength = 32;

    public static string Create(DeviceKeyPair key, string fingerprint, DateTimeOffset at, bool includePublicKey = true)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!Fingerprints.IsValid(fingerprint))
            throw new ArgumentException("A fingerprint is 64 lowercase hex chars.", nameof(fingerprint));
        var seconds = at.ToUnixTimeSeconds();
        ArgumentOutOfRangeException.ThrowIfNegative(seconds, nameof(at));

        var text = $"{Version}.{fingerprint}.{Decimal(seconds)}.{Base64Url.Encode(key.Sign(SignedBytes(fingerprint, seconds)))}";
        return includePublicKey ? $"{text}.{key.PublicKeyText}" : text;
    }

    public static bool TryParse(string? token, [NotNullWhen(true)] out AccessToken? parsed)
    {
        parsed = null;
        if (token?.Split('.') is not [Version, var fingerprint, var time, var sig, .. var rest] || rest.Length > 1)
            return false;
        if (!Fingerprints.IsValid(fingerprint) || !TryParseSeconds(time, out var seconds))
            return false;
        if (!Base64Url.TryDecode(sig, out var signature) || signature.Length != SignatureLength)
            return false;
        byte[]? publicKey = null;
        if (rest is [var pub] && (!Base64Url.TryDecode(pub, out publicKey) || publicKey.Length != PublicKeyLength))
            return false;
        parsed = new AccessToken(fingerprint, seconds, signature, publicKey);
        return true;
    }

    public bool VerifySignature(ReadOnlySpan<byte> publicKey) =>
        Ed25519.Verify(publicKey, SignedBytes(Fingerprint, UnixSeconds), Signature);

    /// <summary>Whether the token's time is within <paramref name="skewSeconds"/> of <paramref name="now"/>, either way.</summary>
    public bool IsFresh(DateTimeOffset now, int skewSeconds = Limits.ClockSkewSeconds)
    {
        // Compared as a range rather than |now - time|: a huge parsed time cannot overflow.
        var nowSeconds = now.ToUnixTimeSeconds();
        return UnixSeconds >= nowSeconds - skewSeconds && UnixSeconds <= nowSeconds + skewSeconds;
    }

    private static byte[] SignedBytes(string fingerprint, long seconds) =>
        Encoding.UTF8.GetBytes($"signaling-auth:{Version}:{fingerprint}:{Decimal(seconds)}");

    private static string Decimal(long seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    // Digits only, no sign, no leading zeros: the signed text is rebuilt from the number, so only
    // its canonical spelling could ever verify.
    private static bool TryParseSeconds(string text, out long seconds) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds)
        && Decimal(seconds) == text;
}
