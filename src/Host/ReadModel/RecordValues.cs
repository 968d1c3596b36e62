using System.Text.Json;
using System.Text.Json.Nodes;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.ReadModel;

/// <summary>Turns record fields into column values; a field that cannot be one makes the record unmappable.</summary>
public static class RecordValues
{
    private static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web);

    public static Guid Id(string value, string field) =>
        Guid.TryParse(value, out var id)
            ? id
            : throw new UnmappableRecordException($"{field} '{value}' is not a uuid");

    public static Guid? OptionalId(string? value, string field) =>
        value is null ? null : Id(value, field);

    /// <summary>PostgreSQL's timestamptz takes only UTC from Npgsql; SQLite's text form is UTC too.</summary>
    public static DateTimeOffset Utc(DateTimeOffset at) => at.ToUniversalTime();

    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => WireNames.Of(value);

    /// <summary>The capabilities as the wire spells them (camelCase), plus the score they earned.</summary>
    public static string CapabilitiesJson(Capabilities capabilities, int score)
    {
        var json = JsonSerializer.SerializeToNode(capabilities, CamelCase)!.AsObject();
        json["score"] = score;
        return json.ToJsonString();
    }
}
