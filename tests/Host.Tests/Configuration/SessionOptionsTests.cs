using SignalingAkka.Actors.Sessions;
using SignalingAkka.Host.Configuration;

namespace SignalingAkka.Host.Tests.Configuration;

public sealed class SessionOptionsTests
{
    [Fact]
    public void The_defaults_make_the_policy_of_the_protocol()
    {
        Assert.Equal(new SessionPolicy(TimeSpan.FromMinutes(5), 0.10, TimeSpan.FromSeconds(5)), new SessionOptions().ToPolicy());
    }

    [Theory]
    [InlineData("GracePeriod", "00:00:00")]
    [InlineData("TickInterval", "00:00:00")]
    [InlineData("WakeInterval", "00:00:00")]
    [InlineData("WakeInterval", "-00:00:01")]
    public void A_period_of_zero_or_less_is_refused_with_the_setting_named(string setting, string value)
    {
        var options = new SessionOptions();
        typeof(SessionOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Parse(value));

        var refused = Assert.Throws<InvalidOperationException>(options.ToPolicy);

        Assert.Contains($"Signaling:Sessions:{setting}", refused.Message);
    }

    [Fact]
    public void A_negative_hysteresis_is_refused()
    {
        var refused = Assert.Throws<InvalidOperationException>(new SessionOptions { HubHysteresis = -0.1 }.ToPolicy);

        Assert.Contains("Signaling:Sessions:HubHysteresis", refused.Message);
    }
}
