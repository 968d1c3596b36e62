using System.Text;
using NSec.Cryptography;

namespace SignalingAkka.Client.Tests;

/// <summary>Checks signatures the way PROTOCOL.md defines them, independently of the client's helpers.</summary>
internal static class Ed25519Check
{
    public static bool Verifies(string publicKeyText, string message, string signatureText)
    {
        var algorithm = SignatureAlgorithm.Ed25519;
        var publicKey = PublicKey.Import(algorithm, Base64Url(publicKeyText), KeyBlobFormat.RawPublicKey);
        return algorithm.Verify(publicKey, Encoding.UTF8.GetBytes(message), Base64Url(signatureText));
    }

    /// <summary>The wire's base64url without padding; a padded or standard-base64 text is rejected.</summary>
    public static byte[] Base64Url(string text)
    {
        Assert.DoesNotContain('=', text);
        Assert.DoesNotContain('+', text);
        Assert.DoesNotContain('/', text);
        return System.Buffers.Text.Base64Url.DecodeFromChars(text);
    }
}
