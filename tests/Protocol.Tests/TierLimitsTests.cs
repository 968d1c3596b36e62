namespace SignalingAkka.Protocol.Tests;

public class TierLimitsTests
{
    [Theory]
    [InlineData(Tier.FREE, 2, false, 40)]
    [InlineData(Tier.PRO, 10, true, null)]
    [InlineData(Tier.BUSINESS, 50, true, null)]
    [InlineData(Tier.ENTERPRISE, null, true, null)]
    public void Matches_the_protocol_table(Tier tier, int? maxParticipants, bool turnAllowed, int? maxMinutes)
    {
        var limits = TierLimits.For(tier);
        Assert.Equal(tier, limits.Tier);
        Assert.Equal(maxParticipants, limits.MaxParticipants);
        Assert.Equal(turnAllowed, limits.TurnAllowed);
        Assert.Equal(maxMinutes is { } m ? TimeSpan.FromMinutes(m) : null, limits.MaxDuration);
    }

    [Theory]
    [InlineData(Tier.FREE, 40)]
    [InlineData(Tier.PRO, 24 * 60)]
    [InlineData(Tier.BUSINESS, 24 * 60)]
    [InlineData(Tier.ENTERPRISE, 24 * 60)]
    public void A_session_lives_its_tiers_limit_or_at_most_24_hours(Tier tier, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), TierLimits.For(tier).Lifetime);

    [Fact]
    public void An_undefined_tier_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TierLimits.For((Tier)42));
}
