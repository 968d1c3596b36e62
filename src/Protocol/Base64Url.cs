using BclBase64Url = System.Buffers.Text.Base64Url;

namespace SignalingAkka.Protocol;

/// <summary>
/// Base64url without padding (RFC 4648 §5), the text form of every binary value on the wire.
/// Decoding is strict: only the one canonical text of some bytes is accepted, so a key or a
/// signature has exactly one spelling.
/// </summary>
public static class Base64Url
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public static string Encode(ReadOnlySpan<byte> bytes) => BclBase64Url.EncodeToString(bytes);

    /// <summary>False on null, empty, padding, whitespace, foreign characters or non-canonical text.</summary>
    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(text) || !IsCanonical(text))
            return false;
        // The BCL decoder throws rather than returning false on bad input, hence the check above;
        // it also accepts padding and whitespace, which the wire does not.
        bytes = BclBase64Url.DecodeFromChars(text);
        return true;
    }

    private static bool IsCanonical(string text) =>
        text.Length % 4 != 1
        && text.All(c => Alphabet.Contains(c))
        && HasZeroSpareBits(text);

    // A final partial group encodes 1 or 2 bytes in 2 or 3 characters; the bits of its last
    // character beyond those bytes are zero in canonical text (encoders never set them).
    private static bool HasZeroSpareBits(string text) => (text.Length % 4) switch
    {
        2 => (Alphabet.IndexOf(text[^1]) & 0b1111) == 0,
        3 => (Alphabet.IndexOf(text[^1]) & 0b11) == 0,
        _ => true,
    };
}
