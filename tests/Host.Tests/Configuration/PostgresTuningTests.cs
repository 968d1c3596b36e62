using Npgsql;
using SignalingAkka.Host.Configuration;

namespace SignalingAkka.Host.Tests.Configuration;

public sealed class PostgresTuningTests
{
    [Fact]
    public void Pooled_connections_are_not_reset_and_frequent_statements_are_prepared_by_default()
    {
        var tuned = new NpgsqlConnectionStringBuilder(
            StorageOptions.TunePostgres("Host=db;Port=5433;Database=signaling;Username=app;Password=secret"));

        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal("db", tuned.Host);
        Assert.Equal(5433, tuned.Port);
        Assert.Equal("signaling", tuned.Database);
        Assert.Equal("app", tuned.Username);
        Assert.Equal("secret", tuned.Password);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=db;noresetonclose=false;MAXAUTOPREPARE=0")]
    public void Values_the_operator_set_are_kept(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(StorageOptions.TunePostgres(connectionString));

        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(0, tuned.MaxAutoPrepare);
    }

    [Fact]
    public void Without_postgres_there_is_nothing_to_tune()
    {
        Assert.Null(new StorageOptions().TunedPostgresConnectionString);
        Assert.NotNull(new StorageOptions { PostgresConnectionString = "Host=db" }.TunedPostgresConnectionString);
    }
}
