using System.Globalization;
using System.Text;

namespace SignalingAkka.Protocol;

/// <summary>
/// The <c>RejoinSession</c> proof: base64url Ed25519 over
/// <c>signaling-rejoin:v1:{sessionId}:{fingerprint}:{timestamp}</c>. The ±300 s window on the
/// timestamp is the server's check, not part of the signature.
/// </summary>
public static class RejoinSignature
{
    private const int SignatureLength = 64;

    public static string Create(DeviceKeyPair key, string sessionId, string fingerprint, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Base64Url.Encode(key.Sign(SignedBytes(sessionId, fingerprint, timestamp)));
    }

    public static bool Verify(ReadOnlySpan<byte> publicKey, string sessionId, string fingerprint, long timestamp, string? signature) =>
        Base64Url.TryDecode(signature, out var bytes)
        && bytes.Length == SignatureLength
        && Ed25519.Verify(publicKey, SignedBytes(sessionId, fingerprint, timestamp), bytes);

    private static byte[] SignedBytes(string sessionId, string fingerprint, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(fingerprint);
        return Encoding.UTF8.GetBytes(
            $"signaling-rejoin:v1:{sessionId}:{fingerprint}:{timestamp.ToString(CultureInfo.InvariantCulture)}");
    }
}
