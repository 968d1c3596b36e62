using Microsoft.Extensions.Logging;
using SignalingAkka.Actors.ReadModel;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// The read model's log events, as compiled message templates. A record is logged whole (its
/// ToString lists every field): a dropped record must be recoverable from the log by hand.
/// </summary>
public static partial class ReadModelLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning,
        Message = "Read-model write of {RecordType} failed (attempt {Attempt}, {FailureKind}); retrying in {RetryDelay}")]
    public static partial void WriteRetrying(ILogger logger, Exception failure, string recordType, int attempt,
        WriteFailureKind failureKind, TimeSpan retryDelay);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error,
        Message = "Read-model record {RecordType} dropped after {Attempt} attempt(s) ({FailureKind}): {Record}")]
    public static partial void RecordDropped(ILogger logger, Exception failure, string recordType, int attempt,
        WriteFailureKind failureKind, ReadModelRecord record);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error,
        Message = "Read-model record {RecordType} refused: the writer has stopped: {Record}")]
    public static partial void RecordRefused(ILogger logger, string recordType, ReadModelRecord record);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Error,
        Message = "Read-model writer stopped by the shutdown deadline with {Count} record(s) unwritten")]
    public static partial void RecordsAbandoned(ILogger logger, int count);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Information,
        Message = "Read-model writer stopping: {Count} record(s) queued to drain")]
    public static partial void Draining(ILogger logger, int count);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Information,
        Message = "Read-model migrations on {Provider}: applied {Applied}")]
    public static partial void MigrationsApplied(ILogger logger, ReadModelProvider provider, string applied);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Information,
        Message = "Read-model schema on {Provider} is up to date")]
    public static partial void MigrationsUpToDate(ILogger logger, ReadModelProvider provider);

    [LoggerMessage(EventId = 7108, Level = LogLevel.Error,
        Message = "Read-model record {RecordType} abandoned at shutdown, unwritten: {Record}")]
    public static partial void RecordAbandoned(ILogger logger, string recordType, ReadModelRecord record);

    [LoggerMessage(EventId = 7109, Level = LogLevel.Debug,
        Message = "Read-model transaction of {Count} records failed; writing them one by one")]
    public static partial void BatchFailed(ILogger logger, Exception failure, int count);
}
