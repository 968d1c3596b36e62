using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SignalingAkka.Actors.Licensing;
using SignalingAkka.Host.Configuration;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Licensing;

/// <summary>
/// Validates licence tokens against the list in configuration. Results are cached for five minutes
/// as the licensing store's contract says, so a revoked licence stops working within that time.
/// </summary>
public sealed class ConfiguredLicenseValidator(IOptionsMonitor<SignalingOptions> options, TimeProvider clock)
    : ILicenseValidator
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (LicenseCheck Check, DateTimeOffset CachedUntil)> _cache = new();

    public Task<LicenseCheck> ValidateAsync(string licenseToken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(licenseToken, out var cached) && cached.CachedUntil > now)
            return Task.FromResult(cached.Check);

        var (check, validUntil) = Check(licenseToken, now);
        // Only acceptances are cached: a licence added to the configuration works at once.
        if (check.IsValid) _cache[licenseToken] = (check, Min(now + CacheTime, validUntil));
        return Task.FromResult(check);
    }

    private (LicenseCheck Check, DateTimeOffset ValidUntil) Check(string licenseToken, DateTimeOffset now)
    {
        var entry = options.CurrentValue.Licenses.FirstOrDefault(l => l.Token == licenseToken);
        if (entry is null) return (LicenseCheck.Invalid("unknown licence"), now);
        var validUntil = entry.ExpiresAt ?? DateTimeOffset.MaxValue;
        if (validUntil <= now) return (LicenseCheck.Invalid("the licence has expired"), now);
        return (LicenseCheck.Valid(WireNames.ToSignalingTier(entry.Tier), entry.UserId), validUntil);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
