using System.Data.Common;
using Dapper;

namespace StatusBoard.Probes.Storage;

/// <summary>Which database holds StatusBoard (<c>StatusBoard:Storage:Provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>One file beside the server: the embedded default, for one web node.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: what several web nodes share.</summary>
    Postgres,
}

/// <summary>
/// The database every store reads and writes through: connections, the schema brought up to date at start, and the
/// little SQL that differs between providers. The stores' SQL is otherwise the same on both (times are Unix
/// milliseconds in 64-bit integers, flags 0 or 1, upserts with <c>ON CONFLICT</c>); the store contract tests run on both.
/// </summary>
public abstract class Database
{
    public abstract StorageProvider Provider { get; }

    /// <summary>True when other processes may write the same database (PostgreSQL): in-process caches must check with it.</summary>
    public bool Shared => Provider == StorageProvider.Postgres;

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A connection for raw results and their rollups, which may be written with less care for a power cut.</summary>
    public virtual Task<DbConnection> OpenForResultsAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    private readonly Lock _migrationGate = new();
    private Task? _migration;

    /// <summary>
    /// Brings the schema up to date once per process: every caller waits for the same run (the key ring, the probe host
    /// and the accounts may all ask at start); a run that failed is tried again by the next caller.
    /// </summary>
    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        lock (_migrationGate)
        {
            if (_migration is null || _migration.IsFaulted || _migration.IsCanceled)
            {
                _migration = ApplyMigrationsAsync(CancellationToken.None);
            }

            return _migration.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Applies the provider's migration scripts not yet applied, each in its own transaction.</summary>
    protected abstract Task ApplyMigrationsAsync(CancellationToken cancellationToken);

    /// <summary>A short, safe description of a storage failure, or null when the exception is not one.</summary>
    public static string? Describe(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case Microsoft.Data.Sqlite.SqliteException sqlite:
                    return $"SQLite error {sqlite.SqliteErrorCode}";
                case DbException db:
                    return db.SqlState is { } state ? $"database error {state}" : "database unreachable";
            }
        }

        return null;
    }

    /// <summary>The schema modules this database is brought up to date with: the engine's first, then the features'.</summary>
    public IReadOnlyList<SchemaModule> Modules { get; }

    protected Database(IEnumerable<SchemaModule>? modules)
    {
        Modules = [SchemaModule.Engine, .. (modules ?? []).Where(m => m.Name != SchemaModule.Engine.Name).DistinctBy(m => m.Name)];
    }

    /// <summary>
    /// Applies each module's scripts not yet recorded, in order, each with its record in one transaction: a script is
    /// never half-applied nor applied twice, and one that fails leaves the database as the scripts before it left it and
    /// stops the start with <see cref="MigrationException"/> naming it. Forward only: a database that a newer release
    /// has migrated is refused, not run with a schema this release does not know.
    /// </summary>
    protected async Task ApplyScriptsAsync(DbConnection connection, string versionType, ILogger logger, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            $"CREATE TABLE IF NOT EXISTS schema_migrations (version {versionType} PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            cancellationToken: cancellationToken));
        var engineBefore = await AppliedAsync(connection, SchemaModule.Engine, cancellationToken);
        // Tables a module makes were made by the engine's own scripts on a database migrated before the hand-over.
        bool Adopted(SchemaScript script) =>
            !engineBefore.ContainsKey(SchemaModule.HandOverVersion) && script.AdoptsEngine is { } engine && engineBefore.ContainsKey(engine);

        foreach (var module in Modules)
        {
            var applied = module == SchemaModule.Engine ? engineBefore : await AppliedAsync(connection, module, cancellationToken);
            var scripts = module.Scripts(Provider).ToList();
            var newest = scripts.Max(script => script.Version);
            if (applied.Where(row => row.Key > newest).OrderBy(row => row.Key).Select(row => row.Value).ToList() is [var first, ..] unknown)
            {
                throw new MigrationException(
                    $"The database was migrated by a newer StatusBoard ({string.Join(", ", unknown)}); this release knows migrations up to " +
                    $"{Label(module, scripts.Single(script => script.Version == newest).Name)}. Run the newer release, or restore a backup taken before the upgrade.", first);
            }

            foreach (var script in scripts.Where(script => !applied.ContainsKey(script.Version)))
            {
                var adopted = module != SchemaModule.Engine && Adopted(script);
                await ApplyAsync(connection, module, script, adopted, cancellationToken);
                if (adopted)
                {
                    logger.LogInformation("Recorded {Module} migration {Version} {Name}: the engine made its tables before", module.Name, script.Version, script.Name);
                }
                else
                {
                    logger.LogInformation("Applied {Module} migration {Version} {Name}", module.Name, script.Version, script.Name);
                }
            }
        }
    }

    /// <summary>How a script is named to operators: the engine's by its file, a module's with the module first.</summary>
    private static string Label(SchemaModule module, string script) => module == SchemaModule.Engine ? script : $"{module.Name} {script}";

    private static async Task<Dictionary<long, string>> AppliedAsync(DbConnection connection, SchemaModule module, CancellationToken cancellationToken)
    {
        var rows = module == SchemaModule.Engine
            ? await connection.QueryAsync<(long Version, string Name)>(new CommandDefinition("SELECT version, name FROM schema_migrations", cancellationToken: cancellationToken))
            : await connection.QueryAsync<(long Version, string Name)>(new CommandDefinition(
                "SELECT version, name FROM module_migrations WHERE module = @module", new { module = module.Name }, cancellationToken: cancellationToken));
        return rows.ToDictionary(row => row.Version, row => row.Name);
    }

    /// <summary>Runs one script (unless it is <paramref name="adoptedOnly"/>) and records it, in one transaction.</summary>
    private static async Task ApplyAsync(DbConnection connection, SchemaModule module, SchemaScript script, bool adoptedOnly, CancellationToken cancellationToken)
    {
        var at = TimeProvider.System.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (!adoptedOnly)
            {
                await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, cancellationToken: cancellationToken));
            }

            await connection.ExecuteAsync(module == SchemaModule.Engine
                ? new CommandDefinition("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @at)",
                    new { script.Version, script.Name, at }, transaction, cancellationToken: cancellationToken)
                : new CommandDefinition("INSERT INTO module_migrations (module, version, name, applied_at) VALUES (@module, @Version, @Name, @at)",
                    new { module = module.Name, script.Version, script.Name, at }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbException exception)
        {
            throw new MigrationException(
                $"Migration {Label(module, script.Name)} failed and was rolled back: the database is as the migrations before it left it. {exception.Message}", script.Name, exception);
        }
    }
}

/// <summary>The schema could not be brought up to date: which migration, and why. StatusBoard does not start on it.</summary>
public sealed class MigrationException(string message, string migration, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The script's file name, e.g. <c>0013_result_rule.sql</c>.</summary>
    public string Migration { get; } = migration;
}
