using StatusBoard.Probes.Health;
using StatusBoard.Probes.Reports;
using StatusBoard.Probes.Verdicts;

namespace StatusBoard.Tests.Verdicts;

public sealed class VerdictEvaluatorTests
{
    private static readonly string[] Regions = ["cn-east", "cn-south", "sg"];
    private static readonly ReportRate Quiet = new(2, 3, ReportLevel.Normal, TimeSpan.FromMinutes(15)) { Networks = 2 };
    private static readonly ReportRate ManyNetworks = new(12, 3, ReportLevel.Elevated, TimeSpan.FromMinutes(15)) { Networks = 9 };
    private static readonly ReportRate OneNetwork = new(40, 3, ReportLevel.Elevated, TimeSpan.FromMinutes(15)) { Networks = 1 };

    /// <summary>Region states as letters: o operational, d major outage, s degraded, b blind, m maintenance; "" no active probe.</summary>
    private static ComponentHealth Component(string key, string states)
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
        if (states.Length > 0 && states.All(c => c == 'm'))
        {
            (status, scope) = (HealthStatus.UnderMaintenance, Scope.None);
        }

        return new ComponentHealth(key, key == "payments" ? "Payments" : "Wallet balance", status, scope, regions);
    }

    private static ComponentHealth Payments(string states) => Component("payments", states);

    public static TheoryData<string, string, string, string?, string?, string?, ReportRate, VerdictKind, VerdictImpact, string> Cases => new()
    {
        // name, payments, balance (states per region), component asked about, user's region, app version, reports, verdict, impact, a reason
        { "all healthy, quiet", "ooo", "ooo", null, "sg", null, Quiet, VerdictKind.Local, VerdictImpact.None, "probes-healthy" },
        { "no region given, all healthy", "ooo", "ooo", null, null, null, Quiet, VerdictKind.Local, VerdictImpact.None, "probes-healthy" },
        { "all regions blind", "bbb", "bbb", null, "sg", null, Quiet, VerdictKind.Unknown, VerdictImpact.None, "no-probes-reporting" },
        { "all regions blind, no region given", "bbb", "bbb", null, null, null, Quiet, VerdictKind.Unknown, VerdictImpact.None, "no-probes-reporting" },
        { "the user's region blind", "oob", "oob", null, "sg", null, Quiet, VerdictKind.Unknown, VerdictImpact.None, "region-blind" },
        { "a region nobody probes", "ooo", "ooo", null, "eu-west", null, Quiet, VerdictKind.Unknown, VerdictImpact.None, "region-blind" },
        { "paused probes only", "", "", null, "sg", null, Quiet, VerdictKind.Unknown, VerdictImpact.None, "no-probes-reporting" },
        { "paused probes only, no region given", "", "", "payments", null, null, Quiet, VerdictKind.Unknown, VerdictImpact.None, "no-probes-reporting" },
        { "my region down", "ood", "ooo", null, "sg", null, Quiet, VerdictKind.Regional, VerdictImpact.Outage, "region-failing" },
        { "another region down", "ood", "ooo", null, "cn-east", null, Quiet, VerdictKind.Local, VerdictImpact.None, "failing-elsewhere" },
        { "no region given, some region down", "ood", "ooo", null, null, null, Quiet, VerdictKind.Regional, VerdictImpact.Outage, "region-failing" },
        { "2 of 3 failing, asked from the healthy one", "ddo", "ooo", null, "sg", null, Quiet, VerdictKind.Local, VerdictImpact.None, "failing-elsewhere" },
        { "2 of 3 failing, asked from a failing one", "ddo", "ooo", null, "cn-east", null, Quiet, VerdictKind.PlatformWide, VerdictImpact.Outage, "platform-failing" },
        { "slow only, in my region", "soo", "ooo", null, "cn-east", null, Quiet, VerdictKind.Regional, VerdictImpact.Slow, "slow-only" },
        { "slow only, everywhere", "sss", "ooo", null, null, null, Quiet, VerdictKind.PlatformWide, VerdictImpact.Slow, "slow-only" },
        { "slow and down in my region is an outage", "soo", "doo", null, "cn-east", null, Quiet, VerdictKind.Regional, VerdictImpact.Outage, "region-failing" },
        { "maintenance", "mmm", "mmm", null, "sg", null, Quiet, VerdictKind.Maintenance, VerdictImpact.None, "maintenance" },
        { "outage of one outranks maintenance of another", "ddd", "mmm", null, null, null, Quiet, VerdictKind.PlatformWide, VerdictImpact.Outage, "platform-failing" },
        { "outage of one outranks maintenance of another, from a region", "ddd", "mmm", null, "sg", null, Quiet, VerdictKind.PlatformWide, VerdictImpact.Outage, "platform-failing" },
        { "the component under maintenance, named", "ddd", "mmm", "balance", "sg", null, Quiet, VerdictKind.Maintenance, VerdictImpact.None, "maintenance" },
        { "the failing component, named", "ddd", "mmm", "payments", "sg", null, Quiet, VerdictKind.PlatformWide, VerdictImpact.Outage, "platform-failing" },
        { "reports from many networks, probes fine", "ooo", "ooo", null, "sg", null, ManyNetworks, VerdictKind.Investigating, VerdictImpact.None, "reports-elevated" },
        { "reports from one network, probes fine", "ooo", "ooo", null, "sg", null, OneNetwork, VerdictKind.Local, VerdictImpact.None, "probes-healthy" },
        { "outage beats reports", "ddd", "ooo", null, "sg", null, ManyNetworks, VerdictKind.PlatformWide, VerdictImpact.Outage, "reports-elevated" },
        { "old app, all healthy", "ooo", "ooo", null, "sg", "4.9.9", Quiet, VerdictKind.Local, VerdictImpact.None, "app-version-unsupported" },
        { "one component blind, the other healthy", "bbb", "ooo", null, null, null, Quiet, VerdictKind.Local, VerdictImpact.None, "component-blind" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_Case_GivesVerdictImpactAndReason(
        string name, string payments, string balance, string? component, string? region, string? version, ReportRate reports, VerdictKind verdict, VerdictImpact impact, string reason)
    {
        var result = VerdictEvaluator.Decide([Component("payments", payments), Component("balance", balance)], reports, new VerdictEvaluator.Context(component, region, version, "5.0.0"));

        Assert.True(verdict == result.Verdict, $"{name}: got {result.Verdict} ({string.Join(", ", result.Reasons)})");
        Assert.True(impact == result.Impact, $"{name}: impact {result.Impact}");
        Assert.Contains(reason, result.Reasons);
        // The money first: safe, and the transaction history decides whether to pay again, before anything else is tried.
        Assert.Equal(result.Impact == VerdictImpact.Slow ? [Advice.CheckTransactionHistory] : [Advice.FundsSafe, Advice.CheckTransactionHistory],
            result.Advice.Take(result.Impact == VerdictImpact.Slow ? 1 : 2));
        Assert.Contains(result.Evidence, e => e.Key == "reports");
        // Never "all clear" without fresh evidence from where the user is.
        if (result.Verdict == VerdictKind.Local)
        {
            Assert.DoesNotContain("region-blind", result.Reasons);
        }
    }

    [Fact]
    public void Decide_HealthyRegionWhileOthersFail_NamesWhereItFails()
    {
        var result = VerdictEvaluator.Decide([Payments("ddo")], Quiet, new VerdictEvaluator.Context(null, "sg", null, null));

        var elsewhere = Assert.Single(result.Evidence, e => e.Key == "failing-elsewhere");
        Assert.Equal("cn-east, cn-south", elsewhere.Values["regions"]);
        Assert.Equal("Payments: failing in cn-east, cn-south, not in sg", elsewhere.Text);
        Assert.DoesNotContain(Advice.WaitAndRetry, result.Advice);
    }

    [Fact]
    public void Decide_SlowOnly_AdvisesWaitingForTheAnswerNotAnOutage()
    {
        var result = VerdictEvaluator.Decide([Payments("sss")], Quiet, new VerdictEvaluator.Context(null, null, null, null));

        Assert.Equal([Advice.CheckTransactionHistory, Advice.AllowExtraTime, Advice.WaitAndRetry], result.Advice);
    }

    [Fact]
    public void Decide_Local_AdvisesTheUsersOwnSide_TheAppIncluded()
    {
        var result = VerdictEvaluator.Decide([Payments("ooo")], Quiet, new VerdictEvaluator.Context(null, "sg", "5.1", "5.0.0"));

        Assert.Equal([Advice.FundsSafe, Advice.CheckTransactionHistory, Advice.CheckNetwork, Advice.UpdateApp, Advice.SignInAgain, Advice.ContactSupport], result.Advice);
    }

    [Fact]
    public void Decide_OutageOnThePlatform_AdvisesWaitingAndItsAnnouncements_NotTheUsersNetwork()
    {
        var result = VerdictEvaluator.Decide([Payments("ddd")], Quiet, new VerdictEvaluator.Context(null, "sg", null, null));

        Assert.Equal([Advice.FundsSafe, Advice.CheckTransactionHistory, Advice.WaitAndRetry, Advice.WatchAnnouncements, Advice.ContactSupport], result.Advice);
    }

    [Fact]
    public void Decide_SecurityChecksRefusingWhereTheUserIs_SaysCheckTheCode_NotTryAgain()
    {
        var payments = Payments("ood");
        payments = payments with { Regions = [.. payments.Regions.Select(r => r.Region == "sg" ? r with { Failing = [Probes.Classification.FailureCategory.Security] } : r)] };

        var mine = VerdictEvaluator.Decide([payments], Quiet, new VerdictEvaluator.Context(null, "sg", null, null));
        var elsewhere = VerdictEvaluator.Decide([payments], Quiet, new VerdictEvaluator.Context(null, "cn-east", null, null));

        Assert.Contains("security-failing", mine.Reasons);
        Assert.Equal([Advice.FundsSafe, Advice.CheckTransactionHistory, Advice.CheckCredentials, Advice.WatchAnnouncements, Advice.ContactSupport], mine.Advice);
        Assert.DoesNotContain("security-failing", elsewhere.Reasons);
        Assert.DoesNotContain(Advice.CheckCredentials, elsewhere.Advice);
    }

    [Fact]
    public void Decide_Unknown_AdvisesNetworkWaitAnnouncementsAndSupport()
    {
        var result = VerdictEvaluator.Decide([Payments("oob")], Quiet, new VerdictEvaluator.Context(null, "sg", null, null));

        Assert.Equal([Advice.FundsSafe, Advice.CheckTransactionHistory, Advice.CheckNetwork, Advice.WaitAndRetry, Advice.WatchAnnouncements, Advice.ContactSupport], result.Advice);
        Assert.Contains(result.Evidence, e => e.Key == "region-blind" && (string)e.Values["region"] == "sg");
    }

    [Fact]
    public void Decide_Reports_EvidenceSaysHowManyNetworks()
    {
        var result = VerdictEvaluator.Decide([Payments("ooo")], OneNetwork, new VerdictEvaluator.Context(null, "sg", null, null));

        Assert.Contains(result.Evidence, e => e.Key == "reports" && (int)e.Values["networks"] == 1 && e.Text == "40 reports from 1 networks in 15 min, usual 3");
    }

    [Fact]
    public void Decide_OldApp_AdvisesUpdatingFirstAfterTheHistoryCheck()
    {
        var result = VerdictEvaluator.Decide([Payments("ooo")], Quiet, new VerdictEvaluator.Context(null, "sg", "4.2", "5.0.0"));

        Assert.Equal([Advice.FundsSafe, Advice.CheckTransactionHistory, Advice.UpdateApp], result.Advice.Take(3));
        Assert.Single(result.Advice, Advice.UpdateApp);
    }

    [Fact]
    public void Decide_Evidence_HasTheNumbers()
    {
        var result = VerdictEvaluator.Decide([Payments("ood")], Quiet, new VerdictEvaluator.Context(null, "sg", null, null));

        Assert.Contains(result.Evidence, e => e.Text == "Payments: 2 of 3 regions healthy (failing: sg)");
        Assert.Contains(result.Evidence, e => e.Text == "2 reports from 2 networks in 15 min, usual 3");
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
