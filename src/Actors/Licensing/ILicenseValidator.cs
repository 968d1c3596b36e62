using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Licensing;

/// <summary>Checks a host's licence token; implementations may cache.</summary>
public interface ILicenseValidator
{
    Task<LicenseCheck> ValidateAsync(string licenseToken, CancellationToken cancellationToken);
}

/// <summary>A licence that may host sessions of <see cref="Tier"/>.</summary>
public sealed record LicenseCheck(bool IsValid, Tier Tier, string? UserId, string? Reason)
{
    public static LicenseCheck Valid(Tier tier, string? userId) => new(true, tier, userId, null);
    public static LicenseCheck Invalid(string reason) => new(false, Tier.FREE, null, reason);
}
