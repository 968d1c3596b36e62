using System.Diagnostics.CodeAnalysis;

namespace SignalingAkka.Protocol;

/// <summary>Text forms of the wire enums, exactly as PROTOCOL.md spells them.</summary>
public static class WireNames
{
    public static string Of(Topology topology) => topology switch
    {
        Topology.Star => "star",
        Topology.Mesh => "mesh",
        Topology.Sfu => "sfu",
        _ => throw new ArgumentOutOfRangeException(nameof(topology)),
    };

    public static string Of(SessionPhase state) => state switch
    {
        SessionPhase.Active => "active",
        SessionPhase.Ending => "ending",
        SessionPhase.Ended => "ended",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>Names of the upper-case enums are their C# member names.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();

    /// <summary>Parses an upper-case wire enum by its exact name; numbers and unknown names fail.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        if (string.IsNullOrEmpty(text) || !Enum.TryParse(text, ignoreCase: false, out value))
            return false;
        // Enum.TryParse accepts digits and comma lists; the wire accepts names only.
        return Enum.IsDefined(value) && value.ToString() == text;
    }

    public static bool TryParseTopology(string? text, [NotNullWhen(true)] out Topology? topology)
    {
        topology = text switch
        {
            "star" => Topology.Star,
            "mesh" => Topology.Mesh,
            "sfu" => Topology.Sfu,
            _ => null,
        };
        return topology is not null;
    }

    public static Tier ToSignalingTier(LicenseTier tier) => tier switch
    {
        LicenseTier.TRIAL or LicenseTier.STANDARD => Tier.FREE,
        LicenseTier.PROFESSIONAL => Tier.PRO,
        LicenseTier.CUSTOM => Tier.BUSINESS,
        LicenseTier.ENTERPRISE => Tier.ENTERPRISE,
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };
}
