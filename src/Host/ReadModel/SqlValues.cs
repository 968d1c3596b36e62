using LinqToDB;
using LinqToDB.Data;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// Parameters for the read model's hand-written SQL. Ids and times travel natively to PostgreSQL
/// (uuid, timestamptz) and as the text forms of <see cref="SqliteTextForms"/> to SQLite, exactly as
/// linq2db writes them through the mapping schema.
/// </summary>
public readonly struct SqlValues(DataConnection db)
{
    private readonly bool _sqlite = db.DataProvider.Name.StartsWith("SQLite", StringComparison.Ordinal);

    public DataParameter Uuid(string name, Guid? value) => _sqlite
        ? new DataParameter(name, value is { } id ? SqliteTextForms.Id(id) : null, DataType.NVarChar)
        : new DataParameter(name, value, DataType.Guid);

    public DataParameter Time(string name, DateTimeOffset value) => _sqlite
        ? new DataParameter(name, SqliteTextForms.Timestamp(value), DataType.NVarChar)
        : new DataParameter(name, value, DataType.DateTimeOffset);

    public static DataParameter Text(string name, string? value) => new(name, value, DataType.NVarChar);

    public static DataParameter Number(string name, int value) => new(name, value, DataType.Int32);

    public static DataParameter Flag(string name, bool value) => new(name, value, DataType.Boolean);
}
