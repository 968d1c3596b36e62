using Akka.Configuration;

namespace SignalingAkka.Host.Akka;

/// <summary>
/// Whether an Akka.Persistence.Sql plugin runs on a given database with its default table mapping, so that our own
/// statements may name its table and columns; anything else is left to the plugin's queries.
/// </summary>
public static class DefaultTableMapping
{
    public const string PostgreSql = "PostgreSQL";
    public const string Sqlite = "SQLite";

    /// <param name="provider">How the plugin's provider name starts (<see cref="PostgreSql"/>, <see cref="Sqlite"/>).</param>
    /// <param name="table">The table's key in the mapping and its default name ("journal", "snapshot").</param>
    /// <param name="columns">The columns our statements use: key in the mapping and default name.</param>
    public static bool Applies(Config pluginConfig, string provider, string table, (string Key, string Name)[] columns,
        out string connectionString) =>
        Applies(pluginConfig, provider, table, table, columns, out connectionString);

    /// <param name="provider">How the plugin's provider name starts (<see cref="PostgreSql"/>, <see cref="Sqlite"/>).</param>
    /// <param name="table">The table's key in the mapping ("tag").</param>
    /// <param name="tableName">Its default name ("tags").</param>
    /// <param name="columns">The columns our statements use: key in the mapping and default name.</param>
    public static bool Applies(Config pluginConfig, string provider, string table, string tableName,
        (string Key, string Name)[] columns, out string connectionString)
    {
        connectionString = pluginConfig.GetString("connection-string", "");
        return pluginConfig.GetString("provider-name", "").StartsWith(provider, StringComparison.Ordinal)
               && connectionString.Length > 0
               && pluginConfig.GetString("table-mapping", "default") == "default"
               && string.IsNullOrEmpty(pluginConfig.GetString("table-compatibility-mode", null))
               && string.IsNullOrEmpty(pluginConfig.GetString("default.schema-name", null))
               && pluginConfig.GetString($"default.{table}.table-name", tableName) == tableName
               && columns.All(c => pluginConfig.GetString($"default.{table}.columns.{c.Key}", c.Name) == c.Name);
    }
}
