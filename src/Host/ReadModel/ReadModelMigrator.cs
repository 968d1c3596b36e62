using System.Reflection;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// Brings the read-model schema up to date with DbUp: the scripts embedded under
/// ReadModel/Migrations/{Postgres|Sqlite}/ run in name order, each in its own transaction, and
/// each applied script is recorded in <see cref="JournalTable"/>, so a second run does nothing.
/// </summary>
public sealed class ReadModelMigrator(ReadModelDatabase database, ILogger<ReadModelMigrator> logger)
{
    public const string JournalTable = "schema_migrations";

    // Any constant shared by every node: nodes of a cluster start together, and without the lock
    // two of them could both find a script unapplied and the second would fail on CREATE TABLE.
    private const long PostgresMigrationLock = 0x5349_474E_414C_0001;

    private static readonly Assembly ScriptAssembly = typeof(ReadModelMigrator).Assembly;

    /// <summary>Applies the scripts not yet applied; returns their names (empty when the schema was current).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct)
    {
        var applied = database.Provider == ReadModelProvider.PostgreSql
            ? await MigratePostgresAsync(ct)
            : await MigrateSqliteAsync(ct);
        if (applied.Count == 0) ReadModelLog.MigrationsUpToDate(logger, database.Provider);
        else ReadModelLog.MigrationsApplied(logger, database.Provider, string.Join(", ", applied));
        return applied;
    }

    /// <summary>Names of the scripts this build carries for the provider, in the order they run.</summary>
    public IReadOnlyList<string> ScriptNames() =>
        ScriptAssembly.GetManifestResourceNames().Where(IsOwnScript).Order(StringComparer.Ordinal).ToList();

    private async Task<IReadOnlyList<string>> MigratePostgresAsync(CancellationToken ct)
    {
        // A session-level advisory lock on a connection of its own, held while DbUp runs on its connections.
        await using var lockConnection = new NpgsqlConnection(database.ConnectionString);
        await lockConnection.OpenAsync(ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresMigrationLock})", lockConnection))
            await take.ExecuteNonQueryAsync(ct);
        try
        {
            return await RunAsync(DeployChanges.To
                .PostgresqlDatabase(database.ConnectionString)
                .JournalToPostgresqlTable("public", JournalTable), ct);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresMigrationLock})", lockConnection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task<IReadOnlyList<string>> MigrateSqliteAsync(CancellationToken ct)
    {
        // The migrations may run before the actor system has created the data folder.
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        // They open the file before the journal and the snapshot store, which share it.
        await SqliteWriteAheadLog.EnableAsync(database.ConnectionString, ct);

        return await RunAsync(DeployChanges.To
            .SqliteDatabase(database.ConnectionString)
            .JournalToSqliteTable(JournalTable), ct);
    }

    private async Task<IReadOnlyList<string>> RunAsync(UpgradeEngineBuilder builder, CancellationToken ct)
    {
        var engine = builder
            .WithScriptsEmbeddedInAssembly(ScriptAssembly, IsOwnScript)
            .WithTransactionPerScript()
            .WithVariablesDisabled() // the scripts are plain SQL: no $name$ substitution
            .LogTo(logger)
            .Build();

        // DbUp is synchronous: run it off the caller's thread. It cannot be cancelled mid-script,
        // which is fine, since each script is one transaction.
        var result = await Task.Run(engine.PerformUpgrade, ct);
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Read-model migration {result.ErrorScript?.Name ?? "(none)"} failed on {database.Provider}", result.Error);
        }

        return result.Scripts.Select(script => script.Name).ToList();
    }

    private bool IsOwnScript(string resourceName) =>
        resourceName.Contains(ScriptFolder, StringComparison.Ordinal)
        && resourceName.EndsWith(".sql", StringComparison.Ordinal);

    private string ScriptFolder => database.Provider == ReadModelProvider.PostgreSql
        ? ".ReadModel.Migrations.Postgres."
        : ".ReadModel.Migrations.Sqlite.";
}
