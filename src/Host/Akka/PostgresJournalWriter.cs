using Npgsql;

namespace SignalingAkka.Host.Akka;

/// <summary>
/// Writes journal rows to PostgreSQL with Npgsql, batched as Akka.Persistence.Sql batches them: writes that
/// arrive while <c>parallelism</c> transactions are in flight wait, and go together (up to <c>batch-size</c>
/// rows; one write larger than that goes alone) into the next transaction. A batch is one prepared statement
/// in one round trip: the rows travel as arrays of parameters instead of the plugin's linq2db multi-row
/// insert, which renders every row, bytea payload included, as literal SQL that both sides then pay for.
/// </summary>
public sealed class PostgresJournalWriter : IDisposable
{
    private const string Columns =
        "created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid";

    // WITH ORDINALITY / ORDER BY: identities are handed out in row order, as the plugin's multi-row insert does,
    // so that a persistence id's events keep ascending orderings.
    private const string InsertRowsSql =
        "INSERT INTO journal (" + Columns + ") " +
        "SELECT r.created, false, r.persistence_id, r.sequence_number, r.message, r.manifest, r.identifier, $7 " +
        "FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[], $5::text[], $6::integer[]) " +
        "WITH ORDINALITY AS r(created, persistence_id, sequence_number, message, manifest, identifier, n) ORDER BY r.n";

    // A tagged row needs its identity for the tag table, as the plugin's tag-table mode writes it.
    private const string InsertTaggedRowSql =
        "WITH j AS (INSERT INTO journal (" + Columns + ") VALUES ($1, false, $2, $3, $4, $5, $6, $7) RETURNING ordering) " +
        "INSERT INTO tags (ordering_id, tag, persistence_id, sequence_nr) SELECT j.ordering, t.tag, $2, $3 " +
        "FROM j, unnest($8::text[]) AS t(tag)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _writerUuid;
    private readonly int _batchSize;
    private readonly BatchQueue<PendingWrite> _queue;

    /// <param name="writerUuid">Stored in every row, one per journal incarnation, as the plugin does.</param>
    /// <param name="batchSize">Most rows in one transaction (the plugin's batch-size).</param>
    /// <param name="parallelism">Most transactions in flight at once (the plugin's parallelism).</param>
    /// <param name="bufferSize">Most writes waiting; beyond that a write fails (the plugin's buffer-size).</param>
    public PostgresJournalWriter(NpgsqlDataSource dataSource, string writerUuid, int batchSize, int parallelism,
        int bufferSize)
    {
        _dataSource = dataSource;
        _writerUuid = writerUuid;
        _batchSize = Math.Max(1, batchSize);
        _queue = new BatchQueue<PendingWrite>("journal writer", Take, InsertAsync, parallelism, bufferSize);
    }

    /// <summary>
    /// Completes when the rows are committed, fails if they may not be (then none of the transaction's rows is).
    /// </summary>
    public Task WriteAsync(IReadOnlyList<PostgresJournalRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return Task.CompletedTask;
        var pending = new PendingWrite(rows, cancellationToken);
        return _queue.Enqueue(pending) is { } refused ? Task.FromException(refused) : pending.Done.Task;
    }

    /// <summary>Writes up to batch-size rows; one write larger than that goes alone.</summary>
    private void Take(Queue<PendingWrite> queue, List<PendingWrite> batch)
    {
        var rows = 0;
        while (queue.TryPeek(out var next) && (batch.Count == 0 || rows + next.Rows.Count <= _batchSize))
        {
            batch.Add(queue.Dequeue());
            rows += next.Rows.Count;
        }
    }

    private async Task InsertAsync(IReadOnlyList<PendingWrite> writes, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // The statements of one batch run in one implicit transaction: all rows are committed or none.
        await using var batch = new NpgsqlBatch(connection);
        var untagged = new List<PostgresJournalRow>();
        foreach (var pending in writes)
        {
            foreach (var row in pending.Rows)
            {
                if (row.Tags.Length == 0)
                {
                    untagged.Add(row);
                    continue;
                }

                // Keeps the rows' order: untagged rows before this one are inserted first.
                AddRows(batch, untagged);
                untagged.Clear();
                AddTaggedRow(batch, row);
            }
        }

        AddRows(batch, untagged);
        await batch.PrepareAsync(cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        foreach (var pending in writes) pending.Done.TrySetResult();
    }

    private void AddRows(NpgsqlBatch batch, List<PostgresJournalRow> rows)
    {
        if (rows.Count == 0) return;
        var created = new long[rows.Count];
        var persistenceIds = new string[rows.Count];
        var sequenceNrs = new long[rows.Count];
        var messages = new byte[rows.Count][];
        var manifests = new string[rows.Count];
        var identifiers = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            created[i] = row.Created;
            persistenceIds[i] = row.PersistenceId;
            sequenceNrs[i] = row.SequenceNr;
            messages[i] = row.Message;
            manifests[i] = row.Manifest;
            identifiers[i] = row.Identifier;
        }

        var command = new NpgsqlBatchCommand(InsertRowsSql);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = created });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = persistenceIds });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = sequenceNrs });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = messages });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = manifests });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = identifiers });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _writerUuid });
        batch.BatchCommands.Add(command);
    }

    private void AddTaggedRow(NpgsqlBatch batch, PostgresJournalRow row)
    {
        var command = new NpgsqlBatchCommand(InsertTaggedRowSql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Created });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.PersistenceId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.SequenceNr });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = row.Message });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Manifest });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.Identifier });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _writerUuid });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = row.Tags });
        batch.BatchCommands.Add(command);
    }

    /// <summary>Cancels the transactions in flight and the writes still waiting.</summary>
    public void Dispose() => _queue.Dispose();

    private sealed class PendingWrite(IReadOnlyList<PostgresJournalRow> rows, CancellationToken cancellationToken)
        : QueuedWork(cancellationToken)
    {
        public IReadOnlyList<PostgresJournalRow> Rows { get; } = rows;

        // Completed on the writer's loop; what runs on it is the journal's bookkeeping, which only sends messages.
        public TaskCompletionSource Done { get; } = new();

        public override void Cancel(CancellationToken token) => Done.TrySetCanceled(token);

        public override void Fail(Exception failure) => Done.TrySetException(failure);
    }
}
