using LinqToDB.Data;
using Npgsql;
using SignalingAkka.Actors.ReadModel;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// Writes records in one short transaction, in order, so a failure leaves nothing half-written:
/// one record (<see cref="ApplyAsync"/>) or a run of queued ones (<see cref="ApplyAllAsync"/>, which
/// saves a connection and a commit per record and, on PostgreSQL, sends consecutive session records
/// in one round trip, folded into sets of rows where it can).
/// </summary>
public sealed class RecordApplier(ReadModelDatabase database)
{
    public Task ApplyAsync(ReadModelRecord record, CancellationToken ct) => ApplyAllAsync([record], ct);

    /// <summary>All of the records or, when any fails, none of them.</summary>
    public async Task ApplyAllAsync(IReadOnlyList<ReadModelRecord> records, CancellationToken ct)
    {
        await using var db = database.Connect();
        await using var transaction = await db.BeginTransactionAsync(ct);
        if (records.Count > 1 && await db.OpenDbConnectionAsync(ct) is NpgsqlConnection postgres)
            await WriteInRoundTripsAsync(db, postgres, records, ct);
        else
            foreach (var record in records) await WriteAsync(db, record, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Consecutive session records go in one round trip: folded into sets of rows when they follow their sessions'
    /// normal life (<see cref="SessionRecordFold"/>), else statement by statement. Any other record is written on its
    /// own in between.
    /// </summary>
    private static async Task WriteInRoundTripsAsync(DataConnection db, NpgsqlConnection postgres,
        IReadOnlyList<ReadModelRecord> records, CancellationToken ct)
    {
        var transaction = (NpgsqlTransaction)db.Transaction!;
        var run = new List<ReadModelRecord>();
        foreach (var record in records)
        {
            if (SessionStatements.Covers(record))
            {
                run.Add(record);
                continue;
            }

            await FlushAsync();
            await WriteAsync(db, record, ct);
        }

        await FlushAsync();

        async Task FlushAsync()
        {
            if (run.Count == 0) return;
            var written = SessionRecordFold.Fold(run) is { } folded
                ? await PostgresSessionSetWrites.TryRunAsync(postgres, transaction, folded, ct)
                : await PostgresStatementBatch.TryRunAsync(postgres, transaction, run.SelectMany(r => SessionStatements.Of(r)!).ToList(), ct);
            if (!written)
                throw new UnexpectedRowCountException(
                    "a statement of the batch changed fewer or more rows than expected; its records are written one by one to find out why");
            run.Clear();
        }
    }

    private static Task WriteAsync(DataConnection db, ReadModelRecord record, CancellationToken ct) => record switch
    {
        DeviceUpserted r => DeviceWrites.UpsertAsync(db, r, ct),
        DeviceBlockChanged r => DeviceWrites.SetBlockedAsync(db, r, ct),
        DeviceSeen r => DeviceWrites.SetLastSeenAsync(db, r, ct),
        DeviceCapabilitiesUpdated r => DeviceWrites.SetCapabilitiesAsync(db, r, ct),
        HubMigrated r => SessionWrites.MigrateHubAsync(db, r, ct),
        _ when SessionStatements.Of(record) is { } statements => SessionWrites.RunAsync(db, statements, ct),
        _ => throw new UnmappableRecordException($"no read-model mapping for {record.GetType().Name}"),
    };
}
