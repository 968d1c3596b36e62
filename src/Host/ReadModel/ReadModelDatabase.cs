using LinqToDB;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using SignalingAkka.Host.Configuration;

namespace SignalingAkka.Host.ReadModel;

public enum ReadModelProvider
{
    PostgreSql,
    Sqlite,
}

/// <summary>
/// Where the read model lives and how to reach it with linq2db: the same database as the Akka
/// journal (PostgreSQL when a connection string is configured, else the SQLite file).
/// </summary>
public sealed class ReadModelDatabase
{
    private readonly DataOptions _options;

    private ReadModelDatabase(ReadModelProvider provider, string connectionString, DataOptions options)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _options = options;
    }

    public ReadModelProvider Provider { get; }

    public string ConnectionString { get; }

    public static ReadModelDatabase FromStorage(StorageOptions storage) =>
        storage.UsesPostgres ? ForPostgres(storage.TunedPostgresConnectionString!) : ForSqlite(storage.SqliteConnectionString);

    public static ReadModelDatabase ForPostgres(string connectionString) =>
        new(ReadModelProvider.PostgreSql, connectionString,
            new DataOptions().UseConnectionString(ProviderName.PostgreSQL15, connectionString));

    public static ReadModelDatabase ForSqlite(string connectionString)
    {
        // SQLite checks foreign keys only on connections that ask for it; the connection string
        // keyword makes every connection (linq2db's and the migrator's) run PRAGMA foreign_keys=ON.
        var withForeignKeys = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true }.ToString();
        return new(ReadModelProvider.Sqlite, withForeignKeys,
            new DataOptions()
                .UseConnectionString(ProviderName.SQLiteMS, withForeignKeys)
                .UseMappingSchema(SqliteTextForms.CreateMappingSchema()));
    }

    /// <summary>A new connection; it opens on first use. The caller disposes it.</summary>
    public DataConnection Connect() => new(_options);
}
