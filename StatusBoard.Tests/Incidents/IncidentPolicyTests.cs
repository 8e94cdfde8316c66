using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;

namespace StatusBoard.Tests.Incidents;

/// <summary>The automatic incident state machine, driven step by step through time.</summary>
public sealed class IncidentPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly IncidentOptions Options = new() { ConfirmationPeriod = TimeSpan.FromMinutes(2), RecoveryPeriod = TimeSpan.FromMinutes(5) };
    private static readonly Dictionary<string, long> Server = new() { ["server"] = 4 };

    private static ComponentHealth Health(string states, DateTimeOffset? failingSince = null) => Health("payments", "Payments", states, failingSince);

    private static ComponentHealth Health(string key, string name, string states, DateTimeOffset? failingSince = null)
    {
        string[] names = ["cn-east", "cn-south", "sg"];
        var regions = states.Select((c, i) => new RegionHealth(names[i], c switch
        {
            'd' => HealthStatus.MajorOutage,
            's' => HealthStatus.DegradedPerformance,
            'b' => HealthStatus.Blind,
            _ => HealthStatus.Operational,
        }, 1, 100, null)).ToList();
        var (status, scope) = HealthEvaluator.Combine(regions);
        return new ComponentHealth(key, name, status, scope, regions) { FailingSince = status == HealthStatus.Operational ? null : failingSince ?? T0 };
    }

    /// <summary>Runs the policy over a script of (minutes after T0, region states) and returns every incident seen.</summary>
    private static List<Incident?> Run(params (double Minutes, string States)[] script)
    {
        Incident? open = null;
        var seen = new List<Incident?>();
        foreach (var (minutes, states) in script)
        {
            var next = IncidentPolicy.Step(open, Health(states), Server, T0.AddMinutes(minutes), Options);
            seen.Add(next);
            open = next is { IsOpen: true } ? next : null;
        }

        return seen;
    }

    [Fact]
    public void Step_FailingShorterThanConfirmation_OpensNothing()
    {
        var seen = Run((0, "oog"), (1, "ood"), (1.9, "ood"));

        Assert.All(seen, Assert.Null);
    }

    [Fact]
    public void Step_FailingPastConfirmation_OpensOneRegionalIncident()
    {
        var seen = Run((1, "ood"), (2, "ood"), (2.5, "ood"));

        var incident = seen[1]!;
        Assert.Null(seen[0]);
        Assert.Equal(IncidentStatus.Investigating, incident.Status);
        Assert.Equal(Scope.Regional, incident.Scope);
        Assert.Equal(["sg"], incident.Regions);
        Assert.Equal(T0, incident.StartedAt);
        Assert.Equal(T0.AddMinutes(2), incident.DetectedAt);
        Assert.Equal(Impact.Minor, incident.Impact);
        Assert.Equal(4, incident.Categories["server"]);
        Assert.Equal("Payments failing in sg", incident.Title);
        Assert.Equal(incident.Id, seen[2]!.Id);
        Assert.Single(seen[2]!.Updates);
    }

    [Fact]
    public void Step_Widening_TurnsPlatformWideAndRaisesImpact()
    {
        var seen = Run((2, "ood"), (3, "ddd"));

        Assert.Equal(Scope.PlatformWide, seen[1]!.Scope);
        Assert.Equal(Impact.Critical, seen[1]!.Impact);
        Assert.Equal(2, seen[1]!.Updates.Count);
        Assert.Equal("Payments failing in every region", seen[1]!.Title);
    }

    [Fact]
    public void Step_Narrowing_NeverLowersImpact()
    {
        var seen = Run((2, "ddd"), (3, "ood"));

        Assert.Equal(Impact.Critical, seen[1]!.Impact);
    }

    [Fact]
    public void Step_HealedThenHealthyThroughRecovery_MonitorsThenResolves()
    {
        var seen = Run((2, "ood"), (3, "ooo"), (7.9, "ooo"), (8, "ooo"));

        Assert.Equal(IncidentStatus.Monitoring, seen[1]!.Status);
        Assert.Equal(T0.AddMinutes(3), seen[1]!.MonitoringAt);
        Assert.Equal(IncidentStatus.Monitoring, seen[2]!.Status);
        Assert.Equal(IncidentStatus.Resolved, seen[3]!.Status);
        Assert.Equal(T0.AddMinutes(8), seen[3]!.ResolvedAt);
        Assert.Equal([IncidentStatus.Investigating, IncidentStatus.Monitoring, IncidentStatus.Resolved], seen[3]!.Updates.Select(u => u.Status));
    }

    [Fact]
    public void Step_RelapseWithinRecovery_ReopensTheSameIncident()
    {
        var seen = Run((2, "ood"), (3, "ooo"), (4, "ood"));

        Assert.Equal(IncidentStatus.Investigating, seen[2]!.Status);
        Assert.Equal(seen[0]!.Id, seen[2]!.Id);
        Assert.Null(seen[2]!.MonitoringAt);
    }

    [Fact]
    public void Step_BlindRegion_NeverOpensAnIncident()
    {
        var seen = Run((0, "oob"), (5, "oob"), (30, "bbb"));

        Assert.All(seen, Assert.Null);
    }

    [Fact]
    public void Step_HealingOneRegionAtATime_KeepsTheWorstTitleAndScope_AndNeverRepeatsAnUpdate()
    {
        var seen = Run((2, "ddd"), (2.5, "ddd"), (3, "odd"), (3.5, "odd"), (4, "ood"), (5, "ooo"), (10, "ooo"));

        Assert.All(seen, incident => Assert.Equal("Payments failing in every region", incident!.Title));
        Assert.All(seen, incident => Assert.Equal(Scope.PlatformWide, incident!.Scope));
        Assert.All(seen, incident => Assert.Equal(Impact.Critical, incident!.Impact));
        var last = seen[^1]!;
        Assert.Equal(IncidentStatus.Resolved, last.Status);
        Assert.Equal(["cn-east", "cn-south", "sg"], last.Regions);
        var bodies = last.Updates.Select(u => u.Body).ToList();
        Assert.Equal(5, bodies.Count);
        Assert.All(bodies.Zip(bodies.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.Contains("Payments failing in cn-south, sg", bodies[1], StringComparison.Ordinal);
        Assert.Contains("Payments failing in sg", bodies[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Step_SlowOnly_IsTitledSlow()
    {
        var seen = Run((2, "oos"));

        Assert.Equal("Payments slow in sg", seen[0]!.Title);
        Assert.True(seen[0]!.SlowOnly);
    }

    [Fact]
    public void Joins_FailureStartingWithinTheWindowOnTheSameRegion_JoinsAndIsListed()
    {
        var payments = Health("payments", "Payments", "ood");
        var open = IncidentPolicy.Step(null, payments, Server, T0.AddMinutes(2), Options)!;
        var balance = Health("balance", "Wallet balance", "ood", T0.AddSeconds(40));

        Assert.True(IncidentPolicy.Joins(open, balance, Options));
        var joined = IncidentPolicy.Step(IncidentPolicy.Join(open, balance), [payments, balance], Server, T0.AddMinutes(3), Options);

        Assert.Equal(["payments", "balance"], joined.DetectedKeys);
        Assert.Equal(["payments", "balance"], joined.Components.Select(c => c.Key));
        Assert.Equal("Payments and Wallet balance failing in sg", joined.Title);
        Assert.Equal(2, joined.Updates.Count);
        Assert.Equal(["payments", "balance"], joined.Updates[^1].Failing.Single().Components);
    }

    [Theory]
    [InlineData("another region, within the window", "doo", 0.5, false)]
    [InlineData("the same region, long after, while still failing", "ood", 30, true)]
    [InlineData("everywhere, within the window, incident regional", "ddd", 0.5, true)]
    [InlineData("a healthy component", "ooo", 0.5, false)]
    public void Joins_Cases(string name, string states, double minutesLater, bool joins)
    {
        var open = IncidentPolicy.Step(null, Health("ood"), Server, T0.AddMinutes(2), Options)!;
        var other = Health("balance", "Wallet balance", states, T0.AddMinutes(minutesLater));

        Assert.True(joins == IncidentPolicy.Joins(open, other, Options), name);
    }

    [Theory]
    [InlineData(HealthStatus.MajorOutage, Scope.PlatformWide, Impact.Critical)]
    [InlineData(HealthStatus.PartialOutage, Scope.PlatformWide, Impact.Major)]
    [InlineData(HealthStatus.MajorOutage, Scope.Regional, Impact.Major)]
    [InlineData(HealthStatus.PartialOutage, Scope.Regional, Impact.Minor)]
    [InlineData(HealthStatus.DegradedPerformance, Scope.PlatformWide, Impact.Minor)]
    [InlineData(HealthStatus.Operational, Scope.None, Impact.None)]
    public void ImpactOf_StatusAndScope(HealthStatus status, Scope scope, Impact impact) =>
        Assert.Equal(impact, IncidentPolicy.ImpactOf(status, scope));
}
