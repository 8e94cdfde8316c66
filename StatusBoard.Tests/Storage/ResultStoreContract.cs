using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Tests.Storage;

/// <summary>What every result store must do. Each provider's test class derives from this and supplies a store.</summary>
public abstract class ResultStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    protected abstract Task<IResultStore> CreateStoreAsync(StorageOptions options);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResultsWithAndWithoutOptionalFields_InAnyOrder_AreAllStored()
    {
        var store = await CreateStoreAsync(new StorageOptions());
        var bare = TestResults.Make(T0, Outcome.Down) with { HttpStatus = null, Category = null, ErrorCode = null, Phases = null, Excerpt = null, Attempts = 3 };
        var full = TestResults.Make(T0.AddSeconds(1), Outcome.Down, category: FailureCategory.Network) with { ErrorCode = "E1" };

        // A statement prepared with a null in a column must take a value there next time, and the other way round.
        for (var i = 0; i < 10; i++)
        {
            await store.WriteAsync([.. Enumerable.Range(0, 10).Select(j => bare with { Id = $"bare-{i}-{j}", StartedAt = T0.AddSeconds((10 * i) + j) })], Ct);
            await store.WriteAsync([.. Enumerable.Range(0, 10).Select(j => full with { Id = $"full-{i}-{j}", StartedAt = T0.AddSeconds((10 * i) + j) })], Ct);
        }

        var stored = await store.QueryAsync(new ResultQuery(Limit: 1000), Ct);
        Assert.Equal(200, stored.Count);
        Assert.Equal(100, stored.Count(r => r.HttpStatus is null && r.Category is null && r.Attempts == 3));
        Assert.Equal(100, stored.Count(r => r.HttpStatus == 503 && r.Category == FailureCategory.Network));
    }

    [Fact]
    public async Task Summaries_MergeIntoTheRollupsOnce_AsTheirResultsWould()
    {
        var store = await CreateStoreAsync(new StorageOptions());
        List<Probes.Running.ProbeResult> Made(string probe) => Enumerable.Range(0, 10)
            .Select(i => TestResults.Make(T0.AddSeconds(i * 5), i % 4 == 0 ? Outcome.Down : Outcome.Up, probe: probe, durationMs: 50 + (i * 10), id: $"{probe}-{i}"))
            .ToList();
        await store.WriteAsync(Made("raw"), Ct);
        var summary = ResultSummary.Of("agent-1:summary-1", Made("summed"));

        var first = await store.MergeSummariesAsync([summary], Ct);
        var again = await store.MergeSummariesAsync([summary, summary with { Id = "agent-1:summary-1" }], Ct);

        Assert.Single(first);
        Assert.Empty(again);
        foreach (var grain in new[] { RollupGrain.Minute, RollupGrain.Hour, RollupGrain.Day })
        {
            var rollups = await store.RollupsAsync(new RollupQuery(grain, T0.AddDays(-1), T0.AddDays(1)), Ct);
            var raw = Assert.Single(rollups, r => r.Probe == "raw");
            var summed = Assert.Single(rollups, r => r.Probe == "summed");
            Assert.Equal((raw.Total, raw.Up, raw.Degraded, raw.Down, raw.LatencySum, raw.LatencyMax), (summed.Total, summed.Up, summed.Degraded, summed.Down, summed.LatencySum, summed.LatencyMax));
            Assert.Equal((raw.P50Ms, raw.P95Ms, raw.P99Ms), (summed.P50Ms, summed.P95Ms, summed.P99Ms));
            Assert.Equal(raw.Categories, summed.Categories);
            Assert.Equal((10L, 3L), (summed.Total, summed.Down));
        }

        // Summaries never become raw results.
        Assert.DoesNotContain(await store.QueryAsync(new ResultQuery(Limit: 100), Ct), r => r.Probe == "summed");
    }

    [Fact]
    public async Task WriteAsync_ThenQuery_RoundTripsEveryField()
    {
        var store = await CreateStoreAsync(new StorageOptions());
        var written = TestResults.Make(T0, Outcome.Down, category: FailureCategory.Server) with { ErrorCode = "SERVICE_UNAVAILABLE", Attempts = 2 };

        await store.WriteAsync([written], Ct);
        var read = Assert.Single(await store.QueryAsync(new ResultQuery(), Ct));

        Assert.Equal(written.Id, read.Id);
        Assert.Equal(written.StartedAt, read.StartedAt);
        Assert.Equal(Outcome.Down, read.Outcome);
        Assert.Equal(FailureCategory.Server, read.Category);
        Assert.Equal(503, read.HttpStatus);
        Assert.Equal("SERVICE_UNAVAILABLE", read.ErrorCode);
        Assert.Equal(2, read.Attempts);
        Assert.Equal("[STATUS] (503) == 200", Assert.Single(read.Conditions).Display);
        Assert.Equal(written.Phases, read.Phases);
        Assert.Equal(written.Excerpt, read.Excerpt);
    }

    [Fact]
    public async Task WriteAsync_SameIdTwice_StoredOnceAndCountedOnce()
    {
        var store = await CreateStoreAsync(new StorageOptions());
        var result = TestResults.Make(T0);

        Assert.Equal(1, await store.WriteAsync([result], Ct));
        Assert.Equal(0, await store.WriteAsync([result], Ct));

        Assert.Single(await store.QueryAsync(new ResultQuery(), Ct));
        var minute = Assert.Single(await store.RollupsAsync(new RollupQuery(RollupGrain.Minute, T0.AddHours(-1), T0.AddHours(1)), Ct));
        Assert.Equal(1, minute.Total);
    }

    [Fact]
    public async Task DailyTotalsAsync_SumsProbesAndRegionsPerComponentAndDay_AsTheRollupsDo()
    {
        var store = await CreateStoreAsync(new StorageOptions());
        var day = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var results = new List<StatusBoard.Probes.Running.ProbeResult>
        {
            TestResults.Make(day.AddHours(1)), TestResults.Make(day.AddHours(2), Outcome.Down), TestResults.Make(day.AddHours(3), Outcome.Degraded, region: "cn-east"),
            TestResults.Make(day.AddHours(4), probe: "payments-refund"), TestResults.Make(day.AddDays(1).AddHours(1), Outcome.Down),
            TestResults.Make(day.AddHours(5)) with { Probe = "balance-check", Component = "balance" },
            TestResults.Make(day.AddDays(-1)), // before the period
        };
        await store.WriteAsync(results, Ct);

        var totals = (await store.DailyTotalsAsync(day, day.AddDays(2), null, Ct)).OrderBy(t => t.Component).ThenBy(t => t.Day).ToList();
        var payments = (await store.DailyTotalsAsync(day, day.AddDays(2), "payments", Ct)).OrderBy(t => t.Day).ToList();

        Assert.Equal(
            [new DailyTotal("balance", day, 1, 1), new DailyTotal("payments", day, 4, 3), new DailyTotal("payments", day.AddDays(1), 1, 0)],
            totals);
        Assert.Equal([new DailyTotal("payments", day, 4, 3), new DailyTotal("payments", day.AddDays(1), 1, 0)], payments);
    }

    [Fact]
    public async Task QueryAsync_Filters_NewestFirstWithLimit()
    {
        var store = await CreateStoreAsync(new StorageOptions());
        var results = Enumerable.Range(0, 10).Select(i => TestResults.Make(T0.AddSeconds(i * 10), region: i % 2 == 0 ? "sg" : "cn-east")).ToList();
        results.Add(TestResults.Make(T0, probe: "balance"));
        await store.WriteAsync(results, Ct);

        var sg = await store.QueryAsync(new ResultQuery(Probe: "payments-create", Region: "sg", Since: T0.AddSeconds(20), Limit: 2), Ct);

        Assert.Equal([T0.AddSeconds(80), T0.AddSeconds(60)], sg.Select(r => r.StartedAt));
        Assert.All(sg, r => Assert.Equal("sg", r.Region));
    }

    [Fact]
    public async Task WriteAsync_Batches_RollUpPerMinuteHourAndDay()
    {
        var store = await CreateStoreAsync(new StorageOptions());
        // Two minutes of results: 30 s apart, every fourth down, latencies 10..80 ms.
        var results = Enumerable.Range(0, 4).Select(i => TestResults.Make(
            T0.AddSeconds(i * 30),
            i == 3 ? Outcome.Down : i == 2 ? Outcome.Degraded : Outcome.Up,
            durationMs: (i + 1) * 20,
            category: i == 2 ? FailureCategory.Delay : FailureCategory.Network)).ToList();
        await store.WriteAsync(results.Take(2).ToList(), Ct);
        await store.WriteAsync(results.Skip(2).ToList(), Ct);

        var minutes = await store.RollupsAsync(new RollupQuery(RollupGrain.Minute, T0, T0.AddHours(1)), Ct);
        var hour = Assert.Single(await store.RollupsAsync(new RollupQuery(RollupGrain.Hour, T0, T0.AddHours(1)), Ct));
        var day = Assert.Single(await store.RollupsAsync(new RollupQuery(RollupGrain.Day, T0.AddDays(-1), T0.AddDays(1)), Ct));

        Assert.Equal([T0, T0.AddMinutes(1)], minutes.Select(m => m.Bucket));
        Assert.Equal([2L, 2L], minutes.Select(m => m.Total));
        Assert.Equal(4, hour.Total);
        Assert.Equal((2, 1, 1), (hour.Up, hour.Degraded, hour.Down));
        Assert.Equal(0.75, hour.SuccessRate);
        Assert.Equal(200, hour.LatencySum);
        Assert.Equal(80, hour.LatencyMax);
        Assert.Equal(new Dictionary<string, long> { ["delay"] = 1, ["network"] = 1 }, hour.Categories);
        Assert.InRange(hour.P50Ms, 40, 46);
        Assert.InRange(hour.P99Ms, 70, 80);
        Assert.Equal(hour.Total, day.Total);
    }

    [Fact]
    public async Task PruneAsync_RemovesRawPastRetention_KeepsHourAndDayRollups()
    {
        var store = await CreateStoreAsync(new StorageOptions { RawRetention = TimeSpan.FromDays(7), MinuteRetention = TimeSpan.FromDays(2) });
        await store.WriteAsync([TestResults.Make(T0.AddDays(-8)), TestResults.Make(T0.AddDays(-1))], Ct);

        var removed = await store.PruneAsync(T0, Ct);

        Assert.Equal(2, removed); // one raw result, one minute rollup
        Assert.Equal([T0.AddDays(-1)], (await store.QueryAsync(new ResultQuery(), Ct)).Select(r => r.StartedAt));
        Assert.Equal(2, (await store.RollupsAsync(new RollupQuery(RollupGrain.Hour, T0.AddDays(-9), T0), Ct)).Count);
        Assert.Equal(2, (await store.RollupsAsync(new RollupQuery(RollupGrain.Day, T0.AddDays(-9), T0), Ct)).Count);
    }
}
