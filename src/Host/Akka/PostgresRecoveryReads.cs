using Npgsql;

namespace SignalingAkka.Host.Akka;

/// <summary>
/// The two reads every recovering entity makes, on PostgreSQL with the plugin's default mapping, as plain statements:
/// whether a persistence id has any snapshot, and its highest sequence number. Each is one statement for all the
/// entities that recover at once (<see cref="BatchedKeyReads{T}"/>), with one index probe per id. The counterpart
/// of <see cref="SqliteRecoveryReads"/>; the data source stays its owner's.
/// </summary>
public sealed class PostgresRecoveryReads : IDisposable
{
    // The journal keeps the highest row of a deleted range, so MAX over an id's rows is its highest sequence number.
    // A subquery per id reads the end of that id's index range; "persistence_id = ANY($1) GROUP BY" instead was
    // planned as a bitmap scan of every matching row, 57 ms a call under churn.
    private const string HighestSql =
        "SELECT ids.id, (SELECT MAX(sequence_number) FROM journal WHERE persistence_id = ids.id) " +
        "FROM unnest($1::text[]) AS ids(id)";

    private const string AnySnapshotSql =
        "SELECT ids.id, true FROM unnest($1::text[]) AS ids(id) " +
        "WHERE EXISTS (SELECT 1 FROM snapshot WHERE persistence_id = ids.id)";

    // Recoveries waiting at once: at most this many ids go into one statement.
    private const int MostIdsPerRead = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly BatchedKeyReads<long> _highest;
    private readonly BatchedKeyReads<bool> _anySnapshot;

    public PostgresRecoveryReads(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _highest = new BatchedKeyReads<long>((ids, ct) => ReadAsync<long>(HighestSql, ids, ct), 0, MostIdsPerRead);
        _anySnapshot = new BatchedKeyReads<bool>((ids, ct) => ReadAsync<bool>(AnySnapshotSql, ids, ct), false, MostIdsPerRead);
    }

    public Task<bool> AnySnapshotAsync(string persistenceId, CancellationToken cancellationToken) =>
        _anySnapshot.ReadAsync(persistenceId, cancellationToken);

    /// <summary>As the plugin answers: the highest sequence number if it is above <paramref name="fromSequenceNr"/>, else 0.</summary>
    public async Task<long> HighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        var highest = await _highest.ReadAsync(persistenceId, cancellationToken);
        return highest > fromSequenceNr ? highest : 0;
    }

    /// <summary>The ids' values from rows of (id, value); an id with no row or a null value has none.</summary>
    private async Task<IReadOnlyDictionary<string, T>> ReadAsync<T>(string sql, IReadOnlyList<string> persistenceIds,
        CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. persistenceIds] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new Dictionary<string, T>(persistenceIds.Count, StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(1)) values[reader.GetString(0)] = reader.GetFieldValue<T>(1);
        }

        return values;
    }

    /// <summary>Cancels the statements in flight and the reads still waiting.</summary>
    public void Dispose()
    {
        _highest.Dispose();
        _anySnapshot.Dispose();
    }
}
