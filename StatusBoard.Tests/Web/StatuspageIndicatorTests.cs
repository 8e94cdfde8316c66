using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Web.Api.Statuspage;

namespace StatusBoard.Tests.Web;

/// <summary>The overall indicator as Statuspage pages set it, from component statuses and unresolved incidents.</summary>
public sealed class StatuspageIndicatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Statuses as letters: o operational, s degraded, p partial outage, d major outage, b blind, m maintenance.</summary>
    private static List<ComponentHealth> Components(string statuses) => statuses.Select((c, i) => new ComponentHealth($"c{i}", $"C{i}", c switch
    {
        's' => HealthStatus.DegradedPerformance,
        'p' => HealthStatus.PartialOutage,
        'd' => HealthStatus.MajorOutage,
        'b' => HealthStatus.Blind,
        'm' => HealthStatus.UnderMaintenance,
        _ => HealthStatus.Operational,
    }, Scope.None, [])).ToList();

    private static Incident Manual(Impact impact, IncidentStatus status = IncidentStatus.Investigating) => new()
    {
        Id = "manual",
        Title = "Card payments declined",
        Status = status,
        Impact = impact,
        Scope = Scope.None,
        Components = [],
        StartedAt = Now,
        DetectedAt = Now,
        Automatic = false,
    };

    public static TheoryData<string, string, Impact?, string, string> Cases => new()
    {
        // name, component statuses, an open incident's impact, indicator, description
        { "all operational", "ooooo", null, "none", "All Systems Operational" },
        { "one component partial outage", "poooo", null, "minor", "Minor Service Outage" },
        { "one component slow", "soooo", null, "minor", "Minor Service Outage" },
        { "one component in major outage", "doooo", null, "major", "Partial System Outage" },
        { "most components in major outage", "dddoo", null, "critical", "Major System Outage" },
        { "all major", "ddddd", null, "critical", "Major System Outage" },
        { "healthy with an open manual minor incident", "ooooo", Impact.Minor, "minor", "Minor Service Outage" },
        { "healthy with an open critical incident", "ooooo", Impact.Critical, "critical", "Major System Outage" },
        { "incident of no impact", "ooooo", Impact.None, "none", "All Systems Operational" },
        { "the worse of the two", "doooo", Impact.Minor, "major", "Partial System Outage" },
        { "maintenance is not an outage", "mmooo", null, "none", "All Systems Operational" },
        { "blind raises nothing but is not called operational", "bbbbb", null, "none", "Status Unknown: No Checks Reporting" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Indicator_Case(string name, string statuses, Impact? incident, string indicator, string description)
    {
        var status = StatuspageView.Indicator(Components(statuses), incident is { } impact ? [Manual(impact)] : []);

        Assert.True(indicator == status.Indicator, $"{name}: {status.Indicator}");
        Assert.Equal(description, status.Description);
    }

    [Fact]
    public void Indicator_ResolvedIncident_CountsNoMore() =>
        Assert.Equal("none", StatuspageView.Indicator(Components("ooo"), [Manual(Impact.Major, IncidentStatus.Resolved)]).Indicator);
}
