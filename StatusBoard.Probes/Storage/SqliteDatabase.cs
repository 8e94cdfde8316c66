using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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

    public SqliteDatabase(IOptions<StorageOptions> options, ILogger<SqliteDatabase> logger)
    {
        // Microsoft.Data.Sqlite retries a busy database for the command timeout on top of SQLite's own busy_timeout: both
        // are the configured wait, or a locked database would hold a write for 30 s before anyone heard of it.
        _busyMilliseconds = (int)Math.Clamp(options.Value.BusyTimeout.TotalMilliseconds, 0, int.MaxValue);
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
        {
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.Value.BusyTimeout.TotalSeconds)),
        };
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
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

    protected override async Task ApplyMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));
        await ApplyScriptsAsync(connection, "Migrations", "INTEGER", _logger, cancellationToken);
    }
}
