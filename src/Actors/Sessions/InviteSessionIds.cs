using System.Security.Cryptography;
using System.Text;

namespace SignalingAkka.Actors.Sessions;

/// <summary>
/// A session's id is derived from its invite code (a name-based UUID, version 5, RFC 9562), so the code needs
/// no index of its own: joining by code goes straight to the session's entity, and the entity's own first
/// event is the claim on the code. A code therefore names one session for good; an ended session's code is
/// never handed out again, and with 30^8 codes there are plenty.
/// </summary>
public static class InviteSessionIds
{
    /// <summary>The namespace of session ids; changing it would orphan every existing session.</summary>
    public static readonly Guid Namespace = new("6f1c5a3e-8d2b-4c47-9a0e-3b7d51f2c9a4");

    /// <summary>The session id of a canonical code (<c>AVNE-XXXX-XXXX</c>, see <see cref="Protocol.InviteCodes.TryNormalize"/>).</summary>
    public static string Of(string canonicalCode) => NameBased(Namespace, canonicalCode).ToString();

    /// <summary>RFC 9562 section 5.5: SHA-1 of the namespace's bytes then the name's UTF-8, with version 5 and the RFC variant.</summary>
    public static Guid NameBased(Guid ns, string name)
    {
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        ns.TryWriteBytes(input.AsSpan(0, 16), bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
