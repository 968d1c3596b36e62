using Npgsql;

namespace SignalingAkka.Host.Akka;

/// <summary>
/// Writes journal rows to PostgreSQL with Npgsql. A batch is one prepared statement in one round trip: the rows
/// travel as arrays of parameters instead of the plugin's linq2db multi-row insert, which renders every row, bytea
/// payload included, as literal SQL that both sides then pay for.
/// </summary>
public sealed class PostgresJournalWriter(NpgsqlDataSource dataSource, string writerUuid, int batchSize, int parallelism,
    int bufferSize) : JournalRowWriter("journal writer", batchSize, parallelism, bufferSize)
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

    protected override async Task InsertAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The statements of one batch run in one implicit transaction: all rows are committed or none.
        await using var batch = new NpgsqlBatch(connection);
        var untagged = new List<JournalRow>();
        foreach (var row in rows)
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

        AddRows(batch, untagged);
        await batch.PrepareAsync(cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private void AddRows(NpgsqlBatch batch, List<JournalRow> rows)
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
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = writerUuid });
        batch.BatchCommands.Add(command);
    }

    private void AddTaggedRow(NpgsqlBatch batch, JournalRow row)
    {
        var command = new NpgsqlBatchCommand(InsertTaggedRowSql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Created });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.PersistenceId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.SequenceNr });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = row.Message });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Manifest });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.Identifier });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = writerUuid });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = row.Tags });
        batch.BatchCommands.Add(command);
    }
}
