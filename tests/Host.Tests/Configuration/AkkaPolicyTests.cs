using Akka.Configuration;

namespace SignalingAkka.Host.Tests.Configuration;

/// <summary>The daemon's Akka policy file, read as the daemon reads it.</summary>
public sealed class AkkaPolicyTests
{
    private static readonly Config Policy =
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "signaling.hocon")));

    [Fact]
    public void Recovery_starts_no_replay_filter_actor()
    {
        Assert.Equal("off", Policy.GetString("akka.persistence.journal.sql.replay-filter.mode"));
    }

    [Fact]
    public void The_journal_writes_one_transaction_at_a_time()
    {
        Assert.Equal(1, Policy.GetInt("akka.persistence.journal.sql.parallelism"));
    }
}
