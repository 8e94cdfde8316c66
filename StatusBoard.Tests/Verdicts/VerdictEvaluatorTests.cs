using StatusBoard.Probes.Health;
using StatusBoard.Probes.Reports;
using StatusBoard.Probes.Verdicts;

namespace StatusBoard.Tests.Verdicts;

public sealed class VerdictEvaluatorTests
{
    private static readonly string[] Regions = ["cn-east", "cn-south", "sg"];
    private static readonly ReportRate Quiet = new(2, 3, ReportLevel.Normal, TimeSpan.FromMinutes(15));
    private static readonly ReportRate Busy = new(12, 3, ReportLevel.Elevated, TimeSpan.FromMinutes(15));

    /// <summary>Region states as letters: o operational, d major outage, s degraded, b blind, m maintenance.</summary>
    private static ComponentHealth Payments(string states)
    {
        var regions = states.Select((state, i) => new RegionHealth(Regions[i], state switch
        {
            'd' => HealthStatus.MajorOutage,
            's' => HealthStatus.DegradedPerformance,
            'b' => HealthStatus.Blind,
            'm' => HealthStatus.UnderMaintenance,
            _ => HealthStatus.Operational,
        }, 1, 100, null)).ToList();
        var (status, scope) = HealthEvaluator.Combine(regions);
        if (states.All(c => c == 'm'))
        {
            status = HealthStatus.UnderMaintenance;
        }

        return new ComponentHealth("payments", "Payments", status, scope, regions);
    }

    public static TheoryData<string, string, string?, string?, bool, VerdictKind, string> Cases => new()
    {
        // name, region states, user's region, app version, reports busy, verdict, a reason it gives
        { "all healthy, quiet", "ooo", "sg", null, false, VerdictKind.Local, "probes-healthy" },
        { "my region down", "ood", "sg", null, false, VerdictKind.Regional, "region-failing" },
        { "another region down", "ood", "cn-east", null, false, VerdictKind.Local, "probes-healthy" },
        { "no region given, some region down", "ood", null, null, false, VerdictKind.Regional, "region-failing" },
        { "down almost everywhere", "odd", "cn-east", null, false, VerdictKind.PlatformWide, "platform-failing" },
        { "slow in my region", "soo", "cn-east", null, false, VerdictKind.Regional, "region-failing" },
        { "reports up, probes fine", "ooo", "sg", null, true, VerdictKind.Investigating, "reports-elevated" },
        { "old app, all healthy", "ooo", "sg", "4.9.9", false, VerdictKind.Local, "app-version-unsupported" },
        { "my region blind", "oob", "sg", null, false, VerdictKind.Local, "region-blind" },
        { "maintenance", "mmm", "sg", null, false, VerdictKind.Maintenance, "maintenance" },
        { "outage beats reports", "ddd", "sg", null, true, VerdictKind.PlatformWide, "reports-elevated" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_Case_GivesVerdictAndReason(string name, string states, string? region, string? version, bool busy, VerdictKind verdict, string reason)
    {
        var result = VerdictEvaluator.Decide([Payments(states)], busy ? Busy : Quiet, new VerdictEvaluator.Context(null, region, version, "5.0.0"));

        Assert.True(verdict == result.Verdict, $"{name}: got {result.Verdict}");
        Assert.Contains(reason, result.Reasons);
        Assert.Equal(Advice.CheckTransactionHistory, result.Advice[0]);
        Assert.Contains(result.Evidence, e => e.Key == "reports");
    }

    [Fact]
    public void Decide_OldApp_AdvisesUpdatingFirstAfterTheHistoryCheck()
    {
        var result = VerdictEvaluator.Decide([Payments("ooo")], Quiet, new VerdictEvaluator.Context(null, "sg", "4.2", "5.0.0"));

        Assert.Equal([Advice.CheckTransactionHistory, Advice.UpdateApp], result.Advice.Take(2));
    }

    [Fact]
    public void Decide_Evidence_HasTheNumbers()
    {
        var result = VerdictEvaluator.Decide([Payments("ood")], Quiet, new VerdictEvaluator.Context(null, "sg", null, null));

        Assert.Contains(result.Evidence, e => e.Text == "Payments: 2 of 3 regions healthy (failing: sg)");
        Assert.Contains(result.Evidence, e => e.Text == "2 reports in 15 min, usual 3");
    }

    [Theory]
    [InlineData("4.9.9", "5.0.0", true)]
    [InlineData("5.0", "5.0.0", false)]
    [InlineData("5.10.0", "5.9.3", false)]
    [InlineData("v5.9.2", "5.9.3", true)]
    [InlineData("nonsense", "5.0.0", false)]
    [InlineData("5.0.0", null, false)]
    public void IsOlder_ComparesNumerically(string version, string? minimum, bool older) =>
        Assert.Equal(older, VerdictEvaluator.IsOlder(version, minimum));

    [Theory]
    [InlineData(0, 0, ReportLevel.Normal)]
    [InlineData(4, 0, ReportLevel.Normal)]
    [InlineData(5, 0, ReportLevel.Elevated)]
    [InlineData(9, 5, ReportLevel.Normal)]
    [InlineData(10, 5, ReportLevel.Elevated)]
    [InlineData(25, 5, ReportLevel.Spike)]
    [InlineData(19, 1, ReportLevel.Elevated)]
    public void LevelOf_AgainstUsual(int recent, double usual, ReportLevel level) =>
        Assert.Equal(level, ReportRate.LevelOf(recent, usual));
}
