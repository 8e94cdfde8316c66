using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace StatusBoard.Probes.Storage;

/// <summary>
/// Opens connections to the SQLite file (WAL, busy timeout) and brings its schema up to date. In WAL mode a commit
/// survives the process being killed either way; <c>synchronous=FULL</c> also flushes it to the disk, so incidents,
/// notifications, reports, users and settings survive the machine losing power. Raw results, a thousand a second,
/// are written with <c>NORMAL</c> (<see cref="OpenForResultsAsync"/>): a power cut may cost the last of them.
/// </summary>
public sealed class SqliteDatabase : Database
{
    private readonly string _connectionString;
    private readonly int _busyMilliseconds;
    private readonly ILogger<SqliteDatabase> _logger;
    private readonly string? _path;

    public SqliteDatabase(IOptions<StorageOptions> options, ILogger<SqliteDatabase> logger, IEnumerable<SchemaModule>? modules = null)
        : base(modules)
    {
        // Microsoft.Data.Sqlite retries a busy database for the command timeout on top of SQLite's own busy_timeout: both
        // are the configured wait, or a locked database would hold a write for 30 s before anyone heard of it.
        _busyMilliseconds = (int)Math.Clamp(options.Value.BusyTimeout.TotalMilliseconds, 0, int.MaxValue);
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
        {
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.Value.BusyTimeout.TotalSeconds)),
        };
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            _path = System.IO.Path.GetFullPath(builder.DataSource);
            var directory = System.IO.Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        _connectionString = builder.ToString();
        _logger = logger;
    }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await OpenAsync("FULL", cancellationToken);

    /// <summary>A connection for raw results and their rollups: flushed by the operating system, not on every commit.</summary>
    public override async Task<DbConnection> OpenForResultsAsync(CancellationToken cancellationToken) => await OpenAsync("NORMAL", cancellationToken);

    private async Task<SqliteConnection> OpenAsync(string synchronous, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition($"PRAGMA busy_timeout = {_busyMilliseconds}; PRAGMA synchronous = {synchronous};", cancellationToken: cancellationToken));
        return connection;
    }

    /// <summary>
    /// Copies the whole database to <paramref name="destination"/> with SQLite's online backup: one read snapshot of the
    /// WAL database, so writers are never blocked and the copy is the database as it was when the copy began. The copy
    /// is one self-contained file (rollback journal, no <c>-wal</c> beside it) that has passed <c>PRAGMA integrity_check</c>;
    /// <paramref name="finish"/> may add to it before it is closed. On failure nothing is left at the destination.
    /// </summary>
    public async Task BackupToAsync(string destination, Func<SqliteConnection, CancellationToken, Task>? finish, CancellationToken cancellationToken)
    {
        try
        {
            await using (var source = await OpenAsync("NORMAL", cancellationToken))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ToString()))
            {
                await copy.OpenAsync(cancellationToken);
                await Task.Run(() => source.BackupDatabase(copy), cancellationToken);
                await copy.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = DELETE;", cancellationToken: cancellationToken));
                if (finish is not null)
                {
                    await finish(copy, cancellationToken);
                }

                var check = await copy.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA integrity_check", cancellationToken: cancellationToken));
                if (check != "ok")
                {
                    throw new InvalidOperationException($"The copy failed its integrity check: {check}");
                }
            }
        }
        catch
        {
            File.Delete(destination);
            throw;
        }
    }

    /// <summary>Whether the database file exists (a backup of a file that is not there would make an empty one).</summary>
    public bool Exists => _path is null || File.Exists(_path);

    /// <summary>The database file, or null in memory.</summary>
    public string? Path => _path;

    protected override async Task ApplyMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));
        await ApplyScriptsAsync(connection, "INTEGER", _logger, cancellationToken);
    }
}
