namespace SignalingAkka.Protocol;

/// <summary>Error codes of the wire contract; a failed call's HubException message is <c>CODE: text</c>.</summary>
public static class ErrorCodes
{
    public const string InvalidArgument = "INVALID_ARGUMENT";
    public const string NotRegistered = "NOT_REGISTERED";
    public const string DeviceBlocked = "DEVICE_BLOCKED";
    public const string LicenseRequired = "LICENSE_REQUIRED";
    public const string LicenseInvalid = "LICENSE_INVALID";
    public const string SessionNotFound = "SESSION_NOT_FOUND";
    public const string InviteNotFound = "INVITE_NOT_FOUND";
    public const string SessionFull = "SESSION_FULL";
    public const string SessionEnded = "SESSION_ENDED";
    public const string NotInSession = "NOT_IN_SESSION";
    public const string PeerNotInSession = "PEER_NOT_IN_SESSION";
    public const string SignatureInvalid = "SIGNATURE_INVALID";
    public const string RateLimited = "RATE_LIMITED";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string PairingNotFound = "PAIRING_NOT_FOUND";
    public const string KeyMismatch = "KEY_MISMATCH";
    public const string Unavailable = "UNAVAILABLE";
    public const string Internal = "INTERNAL";

    public static string Format(string code, string text) => $"{code}: {text}";

    /// <summary>Splits a <c>CODE: text</c> message; null when the message has no known code.</summary>
    public static string? CodeOf(string? message)
    {
        if (message is null) return null;
        var colon = message.IndexOf(':');
        if (colon <= 0) return null;
        var code = message[..colon];
        return code.All(c => c is >= 'A' and <= 'Z' or '_') ? code : null;
    }
}
