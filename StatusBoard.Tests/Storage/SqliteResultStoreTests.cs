using Microsoft.Extensions.Logging.Abstractions;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Tests.Storage;

public sealed class SqliteResultStoreTests : ResultStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("statusboard-store-").FullName;

    protected override async Task<IResultStore> CreateStoreAsync(StorageOptions options)
    {
        options.ConnectionString = $"Data Source={Path.Combine(_directory, "test.db")}";
        var database = new SqliteDatabase(Options.Create(options), NullLogger<SqliteDatabase>.Instance);
        await database.MigrateAsync(TestContext.Current.CancellationToken);
        return new SqlResultStore(database, Options.Create(options));
    }

    [Fact]
    public async Task MigrateAsync_Twice_AppliesEachScriptOnce()
    {
        var options = new StorageOptions { ConnectionString = $"Data Source={Path.Combine(_directory, "twice.db")}" };
        var first = new SqliteDatabase(Options.Create(options), NullLogger<SqliteDatabase>.Instance);
        await first.MigrateAsync(TestContext.Current.CancellationToken);
        var applied = await CountMigrationsAsync(first);

        var again = new SqliteDatabase(Options.Create(options), NullLogger<SqliteDatabase>.Instance);
        await again.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.True(applied >= 2);
        Assert.Equal(applied, await CountMigrationsAsync(again));
    }

    private static async Task<long> CountMigrationsAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM schema_migrations";
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
