using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Tests.Support;

/// <summary>
/// A database for the store contract tests, migrated with the engine's tables and every web feature's
/// (<see cref="StatusBoard.Web.WebSchema"/>): SQLite in a file of its own, removed with it, or PostgreSQL in a schema of its own.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _directory;

    private TestDatabase(Database database, string connectionString, string? directory) => (Database, ConnectionString, _directory) = (database, connectionString, directory);

    public Database Database { get; }

    /// <summary>The connection string the database was opened with (a PostgreSQL one names its schema).</summary>
    public string ConnectionString { get; }

    /// <summary>Both providers, for a contract test that is a theory over them.</summary>
    public static TheoryData<StorageProvider> Providers => new(StorageProvider.Sqlite, StorageProvider.Postgres);

    public static async Task<TestDatabase> CreateAsync(StorageProvider provider, StorageOptions? options = null, bool migrate = true)
    {
        options ??= new StorageOptions();
        options.Provider = provider;
        string? directory = null;
        Database database;
        if (provider == StorageProvider.Postgres)
        {
            options.ConnectionString = await TestServers.NewPostgresSchemaAsync();
            database = new PostgresDatabase(Options.Create(options), NullLogger<PostgresDatabase>.Instance, StatusBoard.Web.WebSchema.Modules);
        }
        else
        {
            directory = Directory.CreateTempSubdirectory("statusboard-store-").FullName;
            options.ConnectionString = $"Data Source={Path.Combine(directory, "store.db")}";
            database = new SqliteDatabase(Options.Create(options), NullLogger<SqliteDatabase>.Instance, StatusBoard.Web.WebSchema.Modules);
        }

        if (migrate)
        {
            await database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        return new TestDatabase(database, options.ConnectionString, directory);
    }

    /// <summary>One value read straight from the tables, to see what a store keeps in its rows.</summary>
    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: TestContext.Current.CancellationToken))
            ?? throw new InvalidOperationException($"no row for {sql}");
    }

    public async ValueTask DisposeAsync()
    {
        switch (Database)
        {
            case PostgresDatabase postgres:
                await postgres.DisposeAsync();
                break;
            case SqliteDatabase:
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(_directory!, recursive: true);
                break;
        }
    }
}
