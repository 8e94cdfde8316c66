using System.Data.Common;
using Dapper;
using Npgsql;

namespace StatusBoard.Probes.Storage;

/// <summary>
/// StatusBoard on PostgreSQL, shared by several web nodes. Connections come from one pooled data source; the schema is
/// brought up to date under an advisory lock, so nodes starting together migrate once. Every commit is durable
/// (PostgreSQL's own <c>synchronous_commit</c>).
/// </summary>
public sealed class PostgresDatabase : Database, IAsyncDisposable
{
    /// <summary>The advisory lock the nodes take while migrating ("SBMIGRAT").</summary>
    private const long MigrationLock = 0x5342_4D49_4752_4154;

    /// <summary>Connections one node keeps at most, unless the connection string says otherwise.</summary>
    public const int DefaultMaxPoolSize = 25;

    private readonly NpgsqlDataSource _source;
    private readonly ILogger<PostgresDatabase> _logger;

    public PostgresDatabase(IOptions<StorageOptions> options, ILogger<PostgresDatabase> logger, IEnumerable<SchemaModule>? modules = null)
        : base(modules)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString)
        {
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.Value.BusyTimeout.TotalSeconds)),
        };
        if (builder.Timeout == new NpgsqlConnectionStringBuilder().Timeout)
        {
            builder.Timeout = Math.Max(1, (int)Math.Ceiling(options.Value.BusyTimeout.TotalSeconds));
        }

        // A node waits for one of its own connections rather than asking the server for more than it allows: PostgreSQL
        // refuses clients past max_connections (100 by default), which several nodes with Npgsql's 100 each would pass
        // in a burst. Maximum Pool Size in the connection string overrides this.
        if (builder.MaxPoolSize == new NpgsqlConnectionStringBuilder().MaxPoolSize)
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        // Statements run often (the result insert, the rollup merge) are prepared once per physical connection.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
        }

        _source = NpgsqlDataSource.Create(builder);
        _logger = logger;
        _target = $"host {builder.Host}, port {builder.Port}, database {builder.Database}, user {builder.Username}" +
            (builder.SearchPath is { Length: > 0 } schema ? $", schema {schema}" : "");
    }

    private readonly string _target;

    /// <summary>Which server, database, user and schema, without the password: for messages to operators.</summary>
    public string Target => _target;

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await _source.OpenConnectionAsync(cancellationToken);

    protected override async Task ApplyMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = MigrationLock }, cancellationToken: cancellationToken));
        try
        {
            await ApplyScriptsAsync(connection, "BIGINT", _logger, cancellationToken);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = MigrationLock }, cancellationToken: CancellationToken.None));
        }
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
