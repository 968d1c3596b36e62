using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace SignalingAkka.Protocol;

/// <summary>Device fingerprints: 64 lowercase hex chars, SHA-256 of platformId + installId.</summary>
public static class Fingerprints
{
    private const int Length = 64;

    // Checked on every relay (the recipient): a vectorised search, not a call per char.
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>The server checks the format only: it never sees platformId or installId.</summary>
    public static bool IsValid(string? fingerprint) =>
        fingerprint is { Length: Length } && !fingerprint.AsSpan().ContainsAnyExcept(LowerHex);

    public static string Compute(string platformId, string installId)
    {
        ArgumentNullException.ThrowIfNull(platformId);
        ArgumentNullException.ThrowIfNull(installId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(platformId + installId));
        return Convert.ToHexStringLower(hash);
    }
}
