using System.Diagnostics.CodeAnalysis;
using NSec.Cryptography;

namespace SignalingAkka.Protocol;

/// <summary>Ed25519 checks on untrusted input: they answer false instead of throwing.</summary>
public static class Ed25519
{
    private static SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == Algorithm.SignatureSize
        && TryImport(publicKey, out var key)
        && Algorithm.Verify(key, data, signature);

    /// <summary>True when the text decodes to 32 bytes that NSec accepts as an Ed25519 public key.</summary>
    public static bool IsValidPublicKey(string? base64Url) =>
        Base64Url.TryDecode(base64Url, out var bytes) && TryImport(bytes, out _);

    private static bool TryImport(ReadOnlySpan<byte> raw, [NotNullWhen(true)] out PublicKey? key)
    {
        key = null;
        return raw.Length == Algorithm.PublicKeySize
            && PublicKey.TryImport(Algorithm, raw, KeyBlobFormat.RawPublicKey, out key);
    }
}
