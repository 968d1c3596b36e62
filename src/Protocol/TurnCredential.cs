using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SignalingAkka.Protocol;

/// <summary>
/// A TURN REST credential as coturn's <c>use-auth-secret</c> checks it: the username carries the
/// expiry, the password is base64 of HMAC-SHA1(secret, username).
/// </summary>
public sealed record TurnCredential(string Username, string Password, DateTimeOffset ExpiresAt)
{
    /// <summary><see cref="ExpiresAt"/> is the whole second that the username carries, in UTC.</summary>
    public static TurnCredential Create(string secret, string fingerprint, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(fingerprint);
        var expiry = expiresAt.ToUnixTimeSeconds();
        var username = $"{expiry.ToString(CultureInfo.InvariantCulture)}:{fingerprint}";
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username));
        return new TurnCredential(username, Convert.ToBase64String(mac), DateTimeOffset.FromUnixTimeSeconds(expiry));
    }
}
