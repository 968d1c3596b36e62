using Npgsql;
using NpgsqlTypes;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// Sends the statements of many session records to PostgreSQL in one round trip (an <see cref="NpgsqlBatch"/>)
/// inside the caller's transaction. Only the plain outcome is handled here: when any statement changes no
/// row where one was expected, the caller rolls back and writes the records one by one, where that outcome
/// is looked into.
/// </summary>
public static class PostgresStatementBatch
{
    /// <summary>True when every statement changed a row or was allowed not to.</summary>
    public static async Task<bool> TryRunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<SessionStatement> statements, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var statement in statements)
        {
            var command = new NpgsqlBatchCommand(statement.Sql);
            foreach (var value in statement.Values) command.Parameters.Add(Parameter(value));
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct);
        for (var i = 0; i < statements.Count; i++)
            if (statements[i].NoRow != WhenNoRow.Fine && batch.BatchCommands[i].RecordsAffected == 0)
                return false;
        return true;
    }

    private static NpgsqlParameter Parameter(SqlValue value) => value.Kind switch
    {
        SqlValueKind.Uuid => new NpgsqlParameter(value.Name, NpgsqlDbType.Uuid) { Value = value.Value ?? DBNull.Value },
        SqlValueKind.Time => new NpgsqlParameter<DateTimeOffset>(value.Name, NpgsqlDbType.TimestampTz)
            { TypedValue = (DateTimeOffset)value.Value! },
        SqlValueKind.Text => new NpgsqlParameter(value.Name, NpgsqlDbType.Text) { Value = value.Value ?? DBNull.Value },
        SqlValueKind.Number => new NpgsqlParameter<int>(value.Name, NpgsqlDbType.Integer) { TypedValue = (int)value.Value! },
        SqlValueKind.Flag => new NpgsqlParameter<bool>(value.Name, NpgsqlDbType.Boolean) { TypedValue = (bool)value.Value! },
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "unknown SQL value kind"),
    };
}
