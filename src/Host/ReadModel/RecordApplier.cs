using LinqToDB.Data;
using SignalingAkka.Actors.ReadModel;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// Writes records in one short transaction, in order, so a failure leaves nothing half-written:
/// one record (<see cref="ApplyAsync"/>) or a run of queued ones (<see cref="ApplyAllAsync"/>, which
/// saves a connection and a commit per record).
/// </summary>
public sealed class RecordApplier(ReadModelDatabase database)
{
    public Task ApplyAsync(ReadModelRecord record, CancellationToken ct) => ApplyAllAsync([record], ct);

    /// <summary>All of the records or, when any fails, none of them.</summary>
    public async Task ApplyAllAsync(IReadOnlyList<ReadModelRecord> records, CancellationToken ct)
    {
        await using var db = database.Connect();
        await using var transaction = await db.BeginTransactionAsync(ct);
        foreach (var record in records) await WriteAsync(db, record, ct);
        await transaction.CommitAsync(ct);
    }

    private static Task WriteAsync(DataConnection db, ReadModelRecord record, CancellationToken ct) => record switch
    {
        DeviceUpserted r => DeviceWrites.UpsertAsync(db, r, ct),
        DeviceBlockChanged r => DeviceWrites.SetBlockedAsync(db, r, ct),
        DeviceSeen r => DeviceWrites.SetLastSeenAsync(db, r, ct),
        DeviceCapabilitiesUpdated r => DeviceWrites.SetCapabilitiesAsync(db, r, ct),
        SessionStarted r => SessionWrites.StartAsync(db, r, ct),
        ParticipantJoinedSession r => SessionWrites.JoinAsync(db, r, ct),
        ParticipantLeftSession r => SessionWrites.LeaveAsync(db, r, ct),
        HubMigrated r => SessionWrites.MigrateHubAsync(db, r, ct),
        SessionEndedRecord r => SessionWrites.EndAsync(db, r, ct),
        _ => throw new UnmappableRecordException($"no read-model mapping for {record.GetType().Name}"),
    };
}
