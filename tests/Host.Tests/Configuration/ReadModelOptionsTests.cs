using SignalingAkka.Host.Configuration;

namespace SignalingAkka.Host.Tests.Configuration;

public sealed class ReadModelOptionsTests
{
    [Fact]
    public void The_writer_takes_up_to_2000_records_a_transaction_at_least_250_ms_apart_by_default()
    {
        var writer = new ReadModelOptions().ToWriterOptions();

        Assert.Equal(2000, writer.MaxBatch);
        Assert.Equal(TimeSpan.FromMilliseconds(250), writer.BatchInterval);
    }

    [Fact]
    public void Configured_values_reach_the_writer()
    {
        var writer = new ReadModelOptions { MaxBatch = 64, BatchInterval = TimeSpan.Zero }.ToWriterOptions();

        Assert.Equal(64, writer.MaxBatch);
        Assert.Equal(TimeSpan.Zero, writer.BatchInterval);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_batch_of_less_than_one_record_is_refused_with_the_setting_named(int maxBatch)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new ReadModelOptions { MaxBatch = maxBatch }.ToWriterOptions());

        Assert.Contains("Signaling:ReadModel:MaxBatch", refused.Message);
    }
}
