using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Health;

namespace StatusBoard.Tests.Health;

public sealed class HealthEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] Regions = ["cn-east", "cn-south", "sg"];

    private static readonly ComponentDefinition Payments = new("payments", new Dictionary<string, string> { ["en"] = "Payments" }, null, 1, DefinitionSource.Configuration);

    private static ProbeDefinition Probe(string key) => TestProbes.Parse($$"""
        { "key": "{{key}}", "name": "{{key}}", "component": "payments", "regions": ["cn-east", "cn-south", "sg"], "interval": "30s",
          "request": { "url": "http://x" }, "conditions": ["[STATUS] == 200"] }
        """);

    private static PairHealth Pair(string probe, string region, Outcome state, TimeSpan? age = null) =>
        new(probe, region, state, Now - (age ?? TimeSpan.FromSeconds(10)), state == Outcome.Up ? null : FailureCategory.Server,
            [new RecentResult(Now - TimeSpan.FromSeconds(10), state, state == Outcome.Degraded ? 900 : 100)]);

    /// <summary>States per region as letters: u = up, d = down, s = slow (degraded), b = blind (stale), - = no data.</summary>
    public static TheoryData<string, string, string, HealthStatus, Scope> Cases => new()
    {
        // name, probe A states per region, probe B states per region, status, scope
        { "all up", "uuu", "uuu", HealthStatus.Operational, Scope.None },
        { "one region down", "duu", "duu", HealthStatus.PartialOutage, Scope.Regional },
        { "one probe in one region down", "duu", "uuu", HealthStatus.PartialOutage, Scope.Regional },
        { "two of three regions down", "ddu", "ddu", HealthStatus.PartialOutage, Scope.PlatformWide },
        { "every region down", "ddd", "ddd", HealthStatus.MajorOutage, Scope.PlatformWide },
        { "one region slow", "suu", "uuu", HealthStatus.DegradedPerformance, Scope.Regional },
        { "every region slow", "sss", "uuu", HealthStatus.DegradedPerformance, Scope.PlatformWide },
        { "blind region is not an outage", "buu", "buu", HealthStatus.Operational, Scope.None },
        { "blind region and one down", "bdu", "bdu", HealthStatus.PartialOutage, Scope.Regional },
        { "every region blind is unknown, not operational", "bbb", "bbb", HealthStatus.Blind, Scope.None },
        { "no data at all is unknown", "---", "---", HealthStatus.Blind, Scope.None },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Case_GivesStatusAndScope(string name, string a, string b, HealthStatus status, Scope scope)
    {
        var pairs = Pairs("a", a).Concat(Pairs("b", b)).ToList();

        var health = Assert.Single(HealthEvaluator.Evaluate([Payments], [Probe("a"), Probe("b")], pairs, Now, new HealthOptions()));

        Assert.True(status == health.Status, $"{name}: status {health.Status}");
        Assert.True(scope == health.Scope, $"{name}: scope {health.Scope}");
        Assert.Equal(Regions, health.Regions.Select(r => r.Region));

        // The statuses-only evaluation (the frequent change check) agrees on everything but the figures it leaves out.
        var statuses = Assert.Single(HealthEvaluator.Evaluate([Payments], [Probe("a"), Probe("b")], pairs, Now, new HealthOptions(), figures: false));
        Assert.Equal((health.Status, health.Scope), (statuses.Status, statuses.Scope));
        Assert.Equal(health.Regions.Select(r => (r.Region, r.Status)), statuses.Regions.Select(r => (r.Region, r.Status)));
        Assert.All(statuses.Regions, r => Assert.Null(r.SuccessRate));
    }

    [Fact]
    public void Evaluate_RegionWithoutRecentResults_IsBlind()
    {
        var pairs = new[] { Pair("a", "sg", Outcome.Down, TimeSpan.FromMinutes(10)) };

        var region = HealthEvaluator.Evaluate([Payments], [Probe("a")], pairs, Now, new HealthOptions())[0].Regions.Single(r => r.Region == "sg");

        Assert.Equal(HealthStatus.Blind, region.Status);
        Assert.Equal(Now - TimeSpan.FromMinutes(10), region.LastResultAt);
    }

    [Fact]
    public void Evaluate_RegionWhoseAgentsAreSilent_IsBlind_ThoughItsLastResultsAreFresh()
    {
        var pairs = new[] { Pair("a", "sg", Outcome.Down, TimeSpan.FromSeconds(5)), Pair("a", "cn-east", Outcome.Up, TimeSpan.FromSeconds(5)), Pair("a", "cn-south", Outcome.Up, TimeSpan.FromSeconds(5)) };

        var heard = HealthEvaluator.Evaluate([Payments], [Probe("a")], pairs, Now, new HealthOptions())[0];
        var silent = HealthEvaluator.Evaluate([Payments], [Probe("a")], pairs, Now, new HealthOptions(), presence: new Silent("sg"))[0];

        Assert.Equal(HealthStatus.PartialOutage, heard.Status);
        Assert.Equal(HealthStatus.Blind, silent.Regions.Single(r => r.Region == "sg").Status);
        Assert.Equal(HealthStatus.Operational, silent.Regions.Single(r => r.Region == "cn-east").Status);
        Assert.Equal(HealthStatus.Operational, silent.Status);
    }

    [Fact]
    public void Evaluate_ComponentWithoutActiveProbes_IsBlind()
    {
        // Its probes paused (left out of the active list) or none at all: nobody looks, so nothing is claimed.
        var health = Assert.Single(HealthEvaluator.Evaluate([Payments], [], [Pair("a", "sg", Outcome.Up)], Now, new HealthOptions()));

        Assert.Equal(HealthStatus.Blind, health.Status);
        Assert.Empty(health.Regions);
    }

    private sealed class Silent(string region) : IRegionPresence
    {
        public bool IsSilent(string candidate, DateTimeOffset now) => candidate == region;
    }

    [Fact]
    public void Evaluate_Window_GivesSuccessRateAndP95()
    {
        var recent = Enumerable.Range(1, 20).Select(i => new RecentResult(Now.AddSeconds(-i), i <= 5 ? Outcome.Down : Outcome.Up, i * 10)).ToList();
        var pairs = new[] { new PairHealth("a", "sg", Outcome.Up, Now, null, recent) };

        var region = HealthEvaluator.Evaluate([Payments], [Probe("a")], pairs, Now, new HealthOptions())[0].Regions.Single(r => r.Region == "sg");

        Assert.Equal(0.75, region.SuccessRate);
        Assert.Equal(190, region.P95Ms);
    }

    private static IEnumerable<PairHealth> Pairs(string probe, string states) =>
        states.Select((state, i) => (state, region: Regions[i])).Where(x => x.state != '-').Select(x => x.state switch
        {
            'u' => Pair(probe, x.region, Outcome.Up),
            'd' => Pair(probe, x.region, Outcome.Down),
            's' => Pair(probe, x.region, Outcome.Degraded),
            _ => Pair(probe, x.region, Outcome.Up, TimeSpan.FromHours(1)),
        });
}
