using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Tests.Storage;

/// <summary>The result store contract on PostgreSQL (a schema of its own per store), and what only a shared database needs.</summary>
public sealed class PostgresResultStoreTests : ResultStoreContract
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected override async Task<IResultStore> CreateStoreAsync(StorageOptions options)
    {
        options.Provider = StorageProvider.Postgres;
        options.ConnectionString = await TestServers.NewPostgresSchemaAsync();
        var database = await MigratedAsync(options);
        return new SqlResultStore(database, Options.Create(options));
    }

    private static async Task<PostgresDatabase> MigratedAsync(StorageOptions options)
    {
        var database = new PostgresDatabase(Options.Create(options), NullLogger<PostgresDatabase>.Instance);
        await database.MigrateAsync(Ct);
        return database;
    }

    [Fact]
    public async Task NodesStartingTogether_MigrateOnce()
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = await TestServers.NewPostgresSchemaAsync() };

        var nodes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => MigratedAsync(options)));

        await using var connection = await nodes[0].OpenAsync(Ct);
        var versions = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(versions.Distinct().Count(), versions.Count);
        Assert.Contains(1L, versions);
        Assert.Contains(12L, versions);
    }

    [Fact]
    public async Task TwoNodes_WritingTheSameProbeAndRegionAtOnce_LoseNoCountInTheRollups()
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = await TestServers.NewPostgresSchemaAsync() };
        IResultStore a = new SqlResultStore(await MigratedAsync(options), Options.Create(options));
        IResultStore b = new SqlResultStore(await MigratedAsync(options), Options.Create(options));

        // 40 batches of 25 results in one minute, half through each node, all at once.
        var batches = Enumerable.Range(0, 40)
            .Select(batch => (IReadOnlyList<Probes.Running.ProbeResult>)Enumerable.Range(0, 25)
                .Select(i => TestResults.Make(T0.AddMilliseconds(batch * 25 + i), i % 5 == 0 ? Outcome.Down : Outcome.Up))
                .ToList())
            .ToList();
        await Task.WhenAll(batches.Select((batch, i) => (i % 2 == 0 ? a : b).WriteAsync(batch, Ct)));

        foreach (var grain in new[] { RollupGrain.Minute, RollupGrain.Hour, RollupGrain.Day })
        {
            var rollup = Assert.Single(await a.RollupsAsync(new RollupQuery(grain, T0.AddDays(-1), T0.AddDays(1)), Ct));
            Assert.Equal((1000L, 200L), (rollup.Total, rollup.Down));
        }

        Assert.Equal(1000, (await b.QueryAsync(new ResultQuery(Limit: 2000), Ct)).Count);
    }
}
