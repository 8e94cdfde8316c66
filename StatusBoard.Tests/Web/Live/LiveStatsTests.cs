using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Storage;
using StatusBoard.Web.Live;

namespace StatusBoard.Tests.Web.Live;

public sealed class LiveStatsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Read_RatesOverFiveMinutesAndAnHour_CountOnlyTheirWindow()
    {
        var stats = new LiveStats();
        for (var minute = 0; minute < 60; minute++)
        {
            // Down for the last three minutes, up before.
            stats.Add(TestResults.Make(Now.AddMinutes(-minute), minute < 3 ? Outcome.Down : Outcome.Up));
        }

        stats.Add(TestResults.Make(Now.AddMinutes(-61), Outcome.Down));

        var figures = stats.Read("payments-create", "sg", Now);

        Assert.Equal(2.0 / 5, figures.SuccessRate5m!.Value, 3);
        Assert.Equal(57.0 / 60, figures.SuccessRate1h!.Value, 3);
        Assert.Equal(FailureCategory.Server, figures.DominantCategory);
        Assert.Equal(3, figures.Categories[FailureCategory.Server]);
    }

    [Fact]
    public void Read_Percentiles_FromTheHoursLatencies_WithinTheHistogramsPrecision()
    {
        var stats = new LiveStats();
        for (var i = 1; i <= 100; i++)
        {
            stats.Add(TestResults.Make(Now.AddSeconds(-i * 30), durationMs: i * 10));
        }

        var figures = stats.Read("payments-create", "sg", Now);

        Assert.InRange(figures.P50Ms!.Value, 500, 500 * 1.15);
        Assert.InRange(figures.P95Ms!.Value, 950, 950 * 1.15);
        Assert.InRange(figures.P99Ms!.Value, 990, 1000);
    }

    [Fact]
    public void Read_Percentiles_OfCompactMinuteSlots_AreThoseOfAWholeHistogram()
    {
        // Many results a minute, spread over many buckets: the packed slots must give what one histogram gives.
        var random = new Random(7);
        var stats = new LiveStats();
        var whole = new LatencyHistogram();
        for (var i = 0; i < 5000; i++)
        {
            var latency = Math.Exp(random.NextDouble() * 9);
            stats.Add(TestResults.Make(Now.AddSeconds(-random.Next(0, 3600)), durationMs: latency));
            whole.Add(latency);
        }

        var figures = stats.Read("payments-create", "sg", Now);

        Assert.Equal((whole.Percentile(0.50), whole.Percentile(0.95), whole.Percentile(0.99)), (figures.P50Ms, figures.P95Ms, figures.P99Ms));
    }

    [Fact]
    public void Read_Sparkline_MeanPerMinute_OldestFirst_NullWhereNothingRan()
    {
        var stats = new LiveStats();
        stats.Add(TestResults.Make(Now, durationMs: 100));
        stats.Add(TestResults.Make(Now.AddSeconds(1), durationMs: 300));
        stats.Add(TestResults.Make(Now.AddMinutes(-2), durationMs: 50));

        var line = stats.Read("payments-create", "sg", Now.AddSeconds(5)).Sparkline;

        Assert.Equal(LiveStats.Minutes, line.Count);
        Assert.Equal(200, line[^1]);
        Assert.Null(line[^2]);
        Assert.Equal(50, line[^3]);
        Assert.Null(line[0]);
    }

    [Fact]
    public void Read_UnknownPair_IsEmptyNotZero()
    {
        var figures = new LiveStats().Read("nope", "sg", Now);

        Assert.Null(figures.SuccessRate5m);
        Assert.Null(figures.P95Ms);
        Assert.All(figures.Sparkline, Assert.Null);
    }

    [Fact]
    public void Seed_FromMinuteRollups_CountsLikeTheResultsThemselves()
    {
        var histogram = new LatencyHistogram();
        histogram.Add(100, 9);
        histogram.Add(2000, 1);
        var stats = new LiveStats();
        stats.Seed([new Rollup
        {
            Grain = RollupGrain.Minute, Probe = "payments-create", Region = "sg", Component = "payments", Bucket = Now.AddMinutes(-10),
            Total = 10, Up = 9, Down = 1, LatencySum = 2900, LatencyMax = 2000, Histogram = histogram.Serialize(),
            Categories = new Dictionary<string, long> { ["network"] = 1 },
        }]);

        var figures = stats.Read("payments-create", "sg", Now);

        Assert.Null(figures.SuccessRate5m);
        Assert.Equal(0.9, figures.SuccessRate1h!.Value, 3);
        Assert.Equal(FailureCategory.Network, figures.DominantCategory);
        Assert.Equal(1, stats.CategoriesLastHour(Now)[FailureCategory.Network]);
        Assert.Equal(2000, figures.P99Ms);
    }

    [Fact]
    public void CategoryTimeline_PutsEachFailureInItsFiveMinutes_AcrossPairs_NewestLast()
    {
        var stats = new LiveStats();
        stats.Add(TestResults.Make(Now, Outcome.Down, category: FailureCategory.Network));
        stats.Add(TestResults.Make(Now.AddMinutes(-4), Outcome.Down, region: "cn-east", category: FailureCategory.Network));
        stats.Add(TestResults.Make(Now.AddMinutes(-5), Outcome.Down, category: FailureCategory.Network));
        stats.Add(TestResults.Make(Now.AddMinutes(-59), Outcome.Degraded, category: FailureCategory.Delay));
        stats.Add(TestResults.Make(Now.AddMinutes(-60), Outcome.Down, category: FailureCategory.Server));
        stats.Add(TestResults.Make(Now.AddMinutes(-1), Outcome.Up));

        var timeline = stats.CategoryTimeline(Now);

        Assert.Equal([FailureCategory.Network, FailureCategory.Delay], timeline.Keys.Order());
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2], timeline[FailureCategory.Network]);
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], timeline[FailureCategory.Delay]);
        Assert.Equal(3, stats.CategoriesLastHour(Now)[FailureCategory.Network]);
    }

    [Fact]
    public void Sparkline_ScalesToTheLargest_AndSkipsGaps()
    {
        Assert.Equal("0,8 60,0.5", BoardBuilder.Sparkline([10.0, null, 20.0]));
        Assert.Equal("", BoardBuilder.Sparkline([null, null]));
    }
}
