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

    [Fact]
    public void The_persistence_plugins_do_their_database_work_on_threads_of_their_own()
    {
        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql" })
        {
            var dispatcher = Policy.GetString(plugin + ".materializer-dispatcher");
            Assert.Equal("ForkJoinDispatcher", Policy.GetString(dispatcher + ".type"));
            Assert.True(Policy.GetInt(dispatcher + ".dedicated-thread-pool.thread-count") >= 1);
        }
    }
}
