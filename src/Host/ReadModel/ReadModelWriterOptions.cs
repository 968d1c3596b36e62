namespace SignalingAkka.Host.ReadModel;

/// <summary>Retry policy of <see cref="ReadModelWriter"/>; the defaults suit production, tests shorten them.</summary>
public sealed record ReadModelWriterOptions
{
    /// <summary>Delay after the first failed attempt of a record; it doubles on each further failure.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Attempts for a record whose referenced row is missing before it is dropped. With the default
    /// delays, 5 attempts wait 1.5 s in all: enough for another node's writer to catch up.
    /// </summary>
    public int MissingReferenceAttempts { get; init; } = 5;

    /// <summary>
    /// At most this many queued records go into one transaction. A failed transaction keeps none of
    /// them; they are then written one by one with the retry policy above.
    /// </summary>
    public int MaxBatch { get; init; } = DefaultMaxBatch;

    /// <summary>
    /// Under session churn on PostgreSQL a transaction of up to 2,000 records cost the database about a quarter less
    /// CPU per session than up to 500 (more sessions start and end within one batch and are written as finished
    /// rows), which is what let the writer keep up at 2,000 sessions a second.
    /// </summary>
    public const int DefaultMaxBatch = 2000;

    /// <summary>
    /// The least time from one transaction's start to the next while fewer than <see cref="MaxBatch"/> records wait;
    /// zero writes whatever has queued as soon as the previous transaction ends. Stopping ends the wait.
    /// </summary>
    public TimeSpan BatchInterval { get; init; } = DefaultBatchInterval;

    public static readonly TimeSpan DefaultBatchInterval = TimeSpan.FromMilliseconds(250);
}
