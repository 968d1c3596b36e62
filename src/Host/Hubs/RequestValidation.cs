using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.SignalR;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Hubs;

/// <summary>Checks of request fields; each failure is a HubException with the wire code.</summary>
public static class RequestValidation
{
    public static HubException Error(string code, string text) => new(ErrorCodes.Format(code, text));

    public static T NotNull<T>([NotNull] T? request) where T : class =>
        request ?? throw Error(ErrorCodes.InvalidArgument, "the request object is required");

    public static string Fingerprint(string? value, string field) =>
        Fingerprints.IsValid(value) ? value! : throw Error(ErrorCodes.InvalidArgument, $"{field} must be 64 lowercase hex characters");

    public static string SessionId(string? value) =>
        IsLowercaseUuid(value) ? value! : throw Error(ErrorCodes.InvalidArgument, "sessionId must be a lowercase uuid");

    /// <summary>Checked on every relay, so without allocating.</summary>
    private static bool IsLowercaseUuid(string? value)
    {
        if (value is not { Length: 36 } || !Guid.TryParseExact(value, "D", out var id)) return false;
        Span<char> canonical = stackalloc char[36];
        return id.TryFormat(canonical, out _, "D") && canonical.SequenceEqual(value);
    }

    public static string Text(string? value, string field, int maxChars)
    {
        if (string.IsNullOrWhiteSpace(value)) throw Error(ErrorCodes.InvalidArgument, $"{field} is required");
        if (value.Length > maxChars) throw Error(ErrorCodes.InvalidArgument, $"{field} is longer than {maxChars} characters");
        return value;
    }

    public static TEnum Enum<TEnum>(string? value, string field) where TEnum : struct, System.Enum =>
        WireNames.TryParse<TEnum>(value, out var parsed)
            ? parsed
            : throw Error(ErrorCodes.InvalidArgument,
                $"{field} must be one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");

    public static Topology Topology(string? value)
    {
        if (value is null) return Protocol.Topology.Star;
        return WireNames.TryParseTopology(value, out var topology)
            ? topology.Value
            : throw Error(ErrorCodes.InvalidArgument, "topology must be star, mesh or sfu");
    }

    /// <summary>The score of the capabilities, or null when none were sent.</summary>
    public static int? Score(Capabilities? capabilities)
    {
        if (capabilities is null) return null;
        return CapabilityScore.TryValidate(capabilities, out var error)
            ? CapabilityScore.Compute(capabilities)
            : throw Error(ErrorCodes.InvalidArgument, $"capabilities: {error}");
    }

    public static long? LastSeq(long? value) =>
        value is null or >= 0 ? value : throw Error(ErrorCodes.InvalidArgument, "lastSeq must not be negative");

    public static string InviteCode(string? value) =>
        InviteCodes.TryNormalize(value, out var code)
            ? code
            : throw Error(ErrorCodes.InvalidArgument, "inviteCode must look like AVNE-XXXX-XXXX");

    public static string? UserId(string? value) =>
        value is null || Guid.TryParse(value, out _)
            ? value
            : throw Error(ErrorCodes.InvalidArgument, "userId must be a uuid");

    /// <summary>Size limits of relayed payloads answer PAYLOAD_TOO_LARGE, the rest INVALID_ARGUMENT.</summary>
    public static string Payload(string? value, string field, int maxChars, bool allowEmpty)
    {
        if (value is null || (!allowEmpty && value.Length == 0))
            throw Error(ErrorCodes.InvalidArgument, $"{field} is required");
        if (value.Length > maxChars)
            throw Error(ErrorCodes.PayloadTooLarge, $"{field} is longer than {maxChars} characters");
        return value;
    }

    public static string? SdpMid(string? value) => value switch
    {
        // Sessions keep recent candidates for a while: the usual media ids share one string instead of one each.
        null => null,
        "0" => "0",
        "1" => "1",
        "2" => "2",
        "3" => "3",
        "audio" => "audio",
        "video" => "video",
        "data" => "data",
        { Length: <= Limits.MaxSdpMidChars } => value,
        _ => throw Error(ErrorCodes.InvalidArgument, $"sdpMid is longer than {Limits.MaxSdpMidChars} characters"),
    };

    public static int? SdpMLineIndex(int? value) =>
        value is null or (>= 0 and <= 1023)
            ? value
            : throw Error(ErrorCodes.InvalidArgument, "sdpMLineIndex must be between 0 and 1023");
}
