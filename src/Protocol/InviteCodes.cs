using System.Security.Cryptography;

namespace SignalingAkka.Protocol;

/// <summary>Invite codes <c>AVNE-XXXX-XXXX</c>; uniqueness among live sessions is the caller's job.</summary>
public static class InviteCodes
{
    /// <summary>Digits and capitals without the look-alikes 0 O 1 I L and U.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    private const string Prefix = "AVNE";
    private const int GroupLength = 4;
    private const int BodyLength = 2 * GroupLength;
    private const int CompactLength = 12;   // AVNEXXXXXXXX
    private const int CanonicalLength = 14; // AVNE-XXXX-XXXX
    private const int FirstDash = 4;
    private const int SecondDash = 9;

    public static string Generate()
    {
        // GetString draws each character with GetInt32 over the choices: uniform, no modulo bias.
        return Canonical(RandomNumberGenerator.GetString(Alphabet, BodyLength));
    }

    /// <summary>
    /// Accepts the code trimmed, in any letter case, with both dashes or none; the AVNE prefix is
    /// required. Returns the canonical upper-case form with dashes.
    /// </summary>
    public static bool TryNormalize(string? input, out string code)
    {
        code = "";
        if (input is null || WithoutDashes(input.Trim()) is not { } compact)
            return false;
        var upper = new string(compact.Select(ToAsciiUpper).ToArray());
        var body = upper[Prefix.Length..];
        if (!upper.StartsWith(Prefix, StringComparison.Ordinal) || !body.All(c => Alphabet.Contains(c)))
            return false;
        code = Canonical(body);
        return true;
    }

    private static string Canonical(string body) => $"{Prefix}-{body[..GroupLength]}-{body[GroupLength..]}";

    /// <summary>The 12 characters of the code, or null when its length or its dashes are wrong.</summary>
    private static string? WithoutDashes(string text) => text.Length switch
    {
        CompactLength => text,
        CanonicalLength when text[FirstDash] == '-' && text[SecondDash] == '-' =>
            string.Concat(text[..FirstDash], text[(FirstDash + 1)..SecondDash], text[(SecondDash + 1)..]),
        _ => null,
    };

    // ASCII only: Unicode upper-casing maps look-alikes such as 'ſ' (long s) to 'S'.
    private static char ToAsciiUpper(char c) => char.IsAsciiLetterLower(c) ? (char)(c - ('a' - 'A')) : c;
}
