using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Storage;
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
        var uptime = new UptimeService(store, incidents, _time, DayCalendar.Utc);
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

        var all = await new UptimeService(store, incidents, _time, DayCalendar.Utc).LastDaysAsync(["payments", "balance"], Ct);
        var one = await new UptimeService(store, incidents, _time, DayCalendar.Utc).LastDaysAsync(["payments"], Ct);

        Assert.Equal(all["payments"], one["payments"]);
        Assert.Equal((2L, 1L), (one["payments"][^4].Total, one["payments"][^4].Good));
        Assert.Equal((1L, 1L), (all["balance"][^4].Total, all["balance"][^4].Good));
    }

    [Fact]
    public async Task Days_AreThePageZonesDays_AndRollupsWrittenAtUtcMidnightKeepTheirDate()
    {
        var beijing = new DayCalendar(PageOptions.FindZone("Asia/Shanghai")!);
        var (utcStore, incidents) = await CreateAsync();
        using var _ = incidents;
        // Written before days followed the page's zone: a day rollup at UTC midnight of 24 November.
        await utcStore.WriteAsync([TestResults.Make(Today.AddDays(-2).AddHours(3))], Ct);
        var (store, _) = await CreateAsync(beijing);
        // 23:00 on 25 November in Beijing, then 01:00 and 07:00 on the 26th: one UTC day, two of the reader's days.
        await store.WriteAsync([TestResults.Make(Today.AddHours(-1), Outcome.Down), TestResults.Make(Today.AddHours(-7)), TestResults.Make(Today.AddHours(-9))], Ct);

        var days = (await new UptimeService(store, incidents, _time, beijing).LastDaysAsync(["payments"], Ct))["payments"];

        var today = days[^1];
        Assert.Equal(new DateOnly(2026, 11, 26), today.Date);
        Assert.Equal((2L, 1L), (today.Total, today.Good));
        Assert.Equal((new DateOnly(2026, 11, 25), 1L, 1L), (days[^2].Date, days[^2].Total, days[^2].Good));
        Assert.Equal((new DateOnly(2026, 11, 24), 1L, 1L), (days[^3].Date, days[^3].Total, days[^3].Good));
        // 17:00 in Beijing: today has had 17 hours, two of them watched.
        Assert.Equal((2, 17), (today.WatchedHours, today.HoursInDay));
        Assert.Equal(1, days[^2].WatchedHours);

    }

    [Fact]
    public void ADayWhereClocksChange_IsItsTrueLength()
    {
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday));
        var central = new DayCalendar(TimeZoneInfo.CreateCustomTimeZone("Test/Central", TimeSpan.FromHours(1), "Central", "CET", "CEST", [rule]));

        Assert.Equal(23, central.HoursIn(new DateOnly(2026, 3, 29)));
        Assert.Equal(25, central.HoursIn(new DateOnly(2026, 10, 25)));
        Assert.Equal(24, central.HoursIn(new DateOnly(2026, 11, 26)));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero), central.StartOf(new DateOnly(2026, 11, 26)));
        Assert.Equal(new DateTimeOffset(2026, 7, 31, 22, 0, 0, TimeSpan.Zero), central.DayOf(new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero)));
        // A rollup of the old kind (UTC midnight) and of the new kind (the zone's midnight) stand for the same date.
        Assert.Equal(new DateOnly(2026, 11, 26), central.DateOfBucket(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 26), central.DateOfBucket(central.StartOf(new DateOnly(2026, 11, 26))));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(IResultStore Store, IncidentStore Incidents)> CreateAsync(DayCalendar? days = null)
    {
        var options = new StorageOptions { ConnectionString = $"Data Source={Path.Combine(_directory, "uptime.db")}" };
        var database = new SqliteDatabase(Options.Create(options), NullLogger<SqliteDatabase>.Instance);
        await database.MigrateAsync(Ct);
        return (new SqlResultStore(database, Options.Create(options), days), new IncidentStore(database));
    }
}
