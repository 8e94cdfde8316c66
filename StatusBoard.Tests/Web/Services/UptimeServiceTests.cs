using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Storage;
using StatusBoard.Tests.Support;
using StatusBoard.Web.Services;

namespace StatusBoard.Tests.Web.Services;

public sealed class UptimeServiceTests : IDisposable
{
    private static readonly DateTimeOffset Today = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("statusboard-uptime-").FullName;
    private readonly FakeTimeProvider _time = new(Today.AddHours(9));

    [Fact]
    public async Task LastDaysAsync_ReadsTodayEveryTime_AndPastDaysAgainAfterTheyAreKept()
    {
        var (store, incidents) = await CreateAsync();
        using var _ = incidents;
        var uptime = new UptimeService(store, incidents, _time);
        await store.WriteAsync([TestResults.Make(Today.AddDays(-1).AddHours(1)), TestResults.Make(Today.AddHours(1))], Ct);
        var first = (await uptime.LastDaysAsync(["payments"], Ct))["payments"];

        // A result for today shows at once; one that arrives late for yesterday shows once the past days are read again.
        await store.WriteAsync([TestResults.Make(Today.AddHours(2), Outcome.Down), TestResults.Make(Today.AddDays(-1).AddHours(2), Outcome.Down)], Ct);
        var soon = (await uptime.LastDaysAsync(["payments"], Ct))["payments"];
        _time.Advance(UptimeService.PastDaysKept);
        var later = (await uptime.LastDaysAsync(["payments"], Ct))["payments"];

        Assert.Equal(UptimeService.Days, first.Count);
        Assert.Equal((DateOnly.FromDateTime(Today.UtcDateTime), 1L, 1L), (first[^1].Date, first[^1].Total, first[^1].Good));
        Assert.Equal((1L, 1L), (first[^2].Total, first[^2].Good));
        Assert.Equal((2L, 1L), (soon[^1].Total, soon[^1].Good));
        Assert.Equal((1L, 1L), (soon[^2].Total, soon[^2].Good));
        Assert.Equal((2L, 1L), (later[^2].Total, later[^2].Good));
        Assert.Equal("none", later[0].Level);
    }

    [Fact]
    public async Task LastDaysAsync_ForOneComponent_MatchesItsShareOfAll()
    {
        var (store, incidents) = await CreateAsync();
        using var _ = incidents;
        await store.WriteAsync(
            [TestResults.Make(Today.AddDays(-3)), TestResults.Make(Today.AddDays(-3), Outcome.Down), TestResults.Make(Today.AddDays(-3)) with { Probe = "balance-check", Component = "balance" }],
            Ct);

        var all = await new UptimeService(store, incidents, _time).LastDaysAsync(["payments", "balance"], Ct);
        var one = await new UptimeService(store, incidents, _time).LastDaysAsync(["payments"], Ct);

        Assert.Equal(all["payments"], one["payments"]);
        Assert.Equal((2L, 1L), (one["payments"][^4].Total, one["payments"][^4].Good));
        Assert.Equal((1L, 1L), (all["balance"][^4].Total, all["balance"][^4].Good));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(IResultStore Store, IncidentStore Incidents)> CreateAsync()
    {
        var options = new StorageOptions { ConnectionString = $"Data Source={Path.Combine(_directory, "uptime.db")}" };
        var database = new SqliteDatabase(Options.Create(options), NullLogger<SqliteDatabase>.Instance);
        await database.MigrateAsync(Ct);
        return (new SqlResultStore(database, Options.Create(options)), new IncidentStore(database));
    }
}
