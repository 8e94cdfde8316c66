using System.Data.Common;
using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;

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

    /// <summary>
    /// Applies the scripts of <paramref name="folder"/> not yet recorded in <c>schema_migrations</c>, in order, each with
    /// its record in one transaction: a script is never half-applied nor applied twice, and one that fails leaves the
    /// database as the scripts before it left it and stops the start with <see cref="MigrationException"/> naming it.
    /// Forward only: a database that a newer release has migrated is refused, not run with a schema this release does
    /// not know.
    /// </summary>
    protected static async Task ApplyScriptsAsync(DbConnection connection, string folder, string versionType, ILogger logger, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            $"CREATE TABLE IF NOT EXISTS schema_migrations (version {versionType} PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<(long Version, string Name)>(new CommandDefinition("SELECT version, name FROM schema_migrations", cancellationToken: cancellationToken)))
            .ToDictionary(row => row.Version, row => row.Name);
        var scripts = Scripts(folder).ToList();
        var newest = scripts.Max(script => script.Version);
        if (applied.Where(row => row.Key > newest).OrderBy(row => row.Key).Select(row => row.Value).ToList() is [var first, ..] unknown)
        {
            throw new MigrationException(
                $"The database was migrated by a newer StatusBoard ({string.Join(", ", unknown)}); this release knows migrations up to " +
                $"{scripts.Single(script => script.Version == newest).Name}. Run the newer release, or restore a backup taken before the upgrade.", first);
        }

        foreach (var (version, name, sql) in scripts)
        {
            if (applied.ContainsKey(version))
            {
                continue;
            }

            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                    new { version, name, at = TimeProvider.System.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) }, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbException exception)
            {
                throw new MigrationException(
                    $"Migration {name} failed and was rolled back: the database is as the migrations before it left it. {exception.Message}", name, exception);
            }

            logger.LogInformation("Applied migration {Version} {Name}", version, name);
        }
    }

    /// <summary>The provider's embedded scripts, in order: resources named <c>…Storage.{folder}.NNNN_name.sql</c>.</summary>
    protected static IEnumerable<(long Version, string Name, string Sql)> Scripts(string folder)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var marker = $".Storage.{folder}.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(marker, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = resource[(resource.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
            var version = long.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (version, file, reader.ReadToEnd());
        }
    }
}

/// <summary>The schema could not be brought up to date: which migration, and why. StatusBoard does not start on it.</summary>
public sealed class MigrationException(string message, string migration, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The script's file name, e.g. <c>0013_result_rule.sql</c>.</summary>
    public string Migration { get; } = migration;
}
