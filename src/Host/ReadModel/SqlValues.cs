using LinqToDB;
using LinqToDB.Data;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// linq2db parameters for the read model's hand-written SQL. Ids and times travel natively to PostgreSQL
/// (uuid, timestamptz) and as the text forms of <see cref="SqliteTextForms"/> to SQLite, exactly as
/// linq2db writes them through the mapping schema.
/// </summary>
public readonly struct SqlValues(DataConnection db)
{
    private readonly bool _sqlite = db.DataProvider.Name.StartsWith("SQLite", StringComparison.Ordinal);

    public DataParameter Of(SqlValue value) => value.Kind switch
    {
        SqlValueKind.Uuid when _sqlite => new DataParameter(value.Name,
            value.Value is Guid id ? SqliteTextForms.Id(id) : null, DataType.NVarChar),
        SqlValueKind.Uuid => new DataParameter(value.Name, value.Value, DataType.Guid),
        SqlValueKind.Time when _sqlite => new DataParameter(value.Name,
            SqliteTextForms.Timestamp((DateTimeOffset)value.Value!), DataType.NVarChar),
        SqlValueKind.Time => new DataParameter(value.Name, value.Value, DataType.DateTimeOffset),
        SqlValueKind.Text => new DataParameter(value.Name, value.Value, DataType.NVarChar),
        SqlValueKind.Number => new DataParameter(value.Name, value.Value, DataType.Int32),
        SqlValueKind.Flag => new DataParameter(value.Name, value.Value, DataType.Boolean),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "unknown SQL value kind"),
    };
}
