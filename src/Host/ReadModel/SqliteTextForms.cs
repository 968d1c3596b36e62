using System.Globalization;
using LinqToDB;
using LinqToDB.Data;
using LinqToDB.Mapping;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// SQLite has no uuid or timestamp type. linq2db's own SQLite defaults would store a Guid as a
/// 16-byte BLOB and a DateTimeOffset in a local-looking form; the read model instead keeps ids as
/// canonical text and times as ISO-8601 UTC text (which sorts as time does), so the file is
/// readable with any SQLite tool and matches the TEXT columns of Migrations/Sqlite.
/// </summary>
public static class SqliteTextForms
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Id(Guid id) => id.ToString("D");

    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>One per database object: linq2db caches compiled queries per mapping schema.</summary>
    public static MappingSchema CreateMappingSchema()
    {
        var schema = new MappingSchema();

        // Parameters (values that travel as @p).
        schema.SetConverter<Guid, DataParameter>(id => Text(Id(id)));
        schema.SetConverter<Guid?, DataParameter>(id => Text(id is { } value ? Id(value) : null));
        schema.SetConverter<DateTimeOffset, DataParameter>(at => Text(Timestamp(at)));
        schema.SetConverter<DateTimeOffset?, DataParameter>(at => Text(at is { } value ? Timestamp(value) : null));

        // Literals (values linq2db inlines into the SQL text, e.g. constants in an expression).
        schema.SetValueToSqlConverter(typeof(Guid), (sql, _, value) => Quote(sql, Id((Guid)value)));
        schema.SetValueToSqlConverter(typeof(DateTimeOffset), (sql, _, value) => Quote(sql, Timestamp((DateTimeOffset)value)));

        // Reading back.
        schema.SetConverter<string, Guid>(Guid.Parse);
        schema.SetConverter<string, DateTimeOffset>(ParseTimestamp);
        return schema;
    }

    private static DataParameter Text(string? value) => new() { Value = value, DataType = DataType.NVarChar };

    private static void Quote(System.Text.StringBuilder sql, string text) => sql.Append('\'').Append(text).Append('\'');
}
