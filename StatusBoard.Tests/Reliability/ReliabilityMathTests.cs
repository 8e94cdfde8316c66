using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Reliability;

namespace StatusBoard.Tests.Reliability;

public sealed class ReliabilityMathTests
{
    private static readonly DateOnly November = new(2026, 11, 1);
    private static readonly DateTimeOffset NovemberStart = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ComponentDefinition[] Components =
    [
        new("payments", new Dictionary<string, string> { ["en"] = "Payments" }, null, 1, DefinitionSource.Configuration),
        new("balance", new Dictionary<string, string> { ["en"] = "Wallet balance" }, null, 2, DefinitionSource.Configuration),
    ];

    private static readonly SloOptions Slo = new() { Default = 0.9995, PartialOutageWeight = 0.5, DegradedWeight = 0 };

    public static TheoryData<string, Incident[], double> DowntimeCases => new()
    {
        { "no incidents", [], 0 },
        { "one hour major outage", [Make(At(2), At(3), HealthStatus.MajorOutage)], 60 },
        { "one hour partial counts half", [Make(At(2), At(3), HealthStatus.PartialOutage)], 30 },
        { "degraded counts nothing by default", [Make(At(2), At(3), HealthStatus.DegradedPerformance)], 0 },
        { "overlapping incidents count once", [Make(At(2), At(4), HealthStatus.MajorOutage), Make(At(3), At(5), HealthStatus.MajorOutage)], 180 },
        { "overlap keeps the heavier weight", [Make(At(2), At(4), HealthStatus.PartialOutage), Make(At(3), At(4), HealthStatus.MajorOutage)], 30 + 60 },
        { "false alarm is left out", [Make(At(2), At(3), HealthStatus.MajorOutage) with { FalseAlarm = true }], 0 },
        { "ends when the probes recovered, not when resolved", [Make(At(2), At(6), HealthStatus.MajorOutage) with { MonitoringAt = At(3) }], 60 },
        { "status change mid-incident", [Make(At(2), At(4), HealthStatus.PartialOutage, (At(3), HealthStatus.MajorOutage))], 30 + 60 },
        { "other component does not count", [Make(At(2), At(3), HealthStatus.MajorOutage, component: "balance")], 0 },
        { "manual incident on a healthy component weighs by impact", [Make(At(2), At(3), HealthStatus.Operational) with { Automatic = false, Impact = Impact.Critical }], 60 },
    };

    [Theory]
    [MemberData(nameof(DowntimeCases))]
    public void Monthly_Downtime_Case(string name, Incident[] incidents, double minutes)
    {
        var payments = Figures(incidents).Single(f => f.Component == "payments" && f.Month == November);

        Assert.True(Math.Abs(minutes - payments.DowntimeMinutes) < 1e-6, $"{name}: {payments.DowntimeMinutes}");
    }

    [Fact]
    public void Monthly_IncidentCrossingMonths_SplitsItsDowntime_AndCountsInTheMonthItStarted()
    {
        var incident = Make(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero), HealthStatus.MajorOutage);

        var figures = ReliabilityMath.Monthly([incident], Components, November, new DateOnly(2026, 12, 1), Later, Slo)
            .Where(f => f.Component == "payments").ToList();

        Assert.Equal(60, figures[0].DowntimeMinutes, 6);
        Assert.Equal(120, figures[1].DowntimeMinutes, 6);
        Assert.Equal(1, figures[0].Incidents);
        Assert.Equal(0, figures[1].Incidents);
    }

    [Fact]
    public void Monthly_UptimeAndErrorBudget_FromTheMonthsMinutes()
    {
        // 30 days = 43,200 minutes; at 99.95 % the budget is 21.6 minutes. 43.2 minutes down uses it twice.
        var incident = Make(At(2), At(2).AddMinutes(43.2), HealthStatus.MajorOutage);

        var payments = Figures([incident]).Single(f => f.Component == "payments");

        Assert.Equal(43_200, payments.Minutes, 6);
        Assert.Equal(21.6, payments.ErrorBudgetMinutes, 6);
        Assert.Equal(2.0, payments.ErrorBudgetUsed, 6);
        Assert.Equal(0.999, payments.Uptime!.Value, 6);
        Assert.False(payments.MeetsSlo);
        Assert.True(Figures([]).Single(f => f.Component == "payments").MeetsSlo);
    }

    [Fact]
    public void Monthly_WithCoverage_UptimeIsOverTheWatchedTime_AndAnUnwatchedMonthHasNone()
    {
        // Payments watched from day 16 of November on (15 days, 12 h a day on day 16); balance never.
        var watched = Enumerable.Range(16, 15).Select(day => new StatusBoard.Probes.Storage.WatchedDay("payments",
            new DateTimeOffset(2026, 11, day, 0, 0, 0, TimeSpan.Zero), day == 16 ? 12 : 24)).ToList();
        var coverage = new Coverage(watched, []);
        var incident = Make(At(20 * 24), At(20 * 24).AddMinutes(60), HealthStatus.MajorOutage);

        var figures = ReliabilityMath.Monthly([incident], Components, November, November, Later, Slo, coverage);

        var payments = figures.Single(f => f.Component == "payments");
        var minutes = (12 + (14 * 24)) * 60.0;
        Assert.Equal(minutes, payments.WatchedMinutes, 6);
        Assert.Equal(1 - (60 / minutes), payments.Uptime!.Value, 6);
        Assert.Equal(Math.Round(minutes / 43_200, 4), payments.Watched);
        var balance = figures.Single(f => f.Component == "balance");
        Assert.Null(balance.Uptime);
        Assert.Null(balance.MeetsSlo);
        Assert.Equal("no-data", balance.NoUptimeReason);
    }

    [Fact]
    public void Monthly_PerComponentSlo_IsUsed()
    {
        var options = new SloOptions { Default = 0.9995, Components = new() { ["balance"] = 0.99 } };

        var figures = ReliabilityMath.Monthly([], Components, November, November, Later, options);

        Assert.Equal(0.99, figures.Single(f => f.Component == "balance").Slo);
        Assert.Equal(0.9995, figures.Single(f => f.Component == "payments").Slo);
    }

    [Fact]
    public void Monthly_CurrentMonth_CountsOnlyTheMinutesSoFar()
    {
        var figures = ReliabilityMath.Monthly([], Components, November, November, At(24), Slo);

        Assert.Equal(24 * 60, figures[0].Minutes, 6);
    }

    [Fact]
    public void Monthly_Mttx_AreMeansOfTheirSpans_FalseAlarmsApart()
    {
        Incident[] incidents =
        [
            Make(At(2), At(3), HealthStatus.MajorOutage) with { DetectedAt = At(2).AddMinutes(2), AcknowledgedAt = At(2).AddMinutes(7) },
            Make(At(10), At(12), HealthStatus.MajorOutage) with { DetectedAt = At(10).AddMinutes(4), AcknowledgedAt = null },
            Make(At(20), At(21), HealthStatus.MajorOutage) with { FalseAlarm = true, DetectedAt = At(20).AddMinutes(30) },
        ];

        var payments = Figures(incidents).Single(f => f.Component == "payments");

        Assert.Equal(2, payments.Incidents);
        Assert.Equal(1, payments.FalseAlarms);
        Assert.Equal(3, payments.MttdMinutes!.Value, 6);
        Assert.Equal(5, payments.MttaMinutes!.Value, 6);
        Assert.Equal(90, payments.MttrMinutes!.Value, 6);
    }

    [Fact]
    public void Monthly_OpenIncident_RunsUntilNow_AndHasNoMttr()
    {
        var open = Make(At(2), null, HealthStatus.MajorOutage);

        var payments = ReliabilityMath.Monthly([open], Components, November, November, At(5), Slo).Single(f => f.Component == "payments");

        Assert.Equal(180, payments.DowntimeMinutes, 6);
        Assert.Null(payments.MttrMinutes);
    }

    [Fact]
    public void Pareto_SharesDowntimeByCategoryCounts_LargestFirst_WithCumulativeShare()
    {
        Incident[] incidents =
        [
            Make(At(2), At(4), HealthStatus.MajorOutage) with { Categories = new Dictionary<string, long> { ["server"] = 3, ["network"] = 1 } },
            Make(At(10), At(11), HealthStatus.MajorOutage) with { Categories = new Dictionary<string, long> { ["network"] = 5 } },
            Make(At(20), At(21), HealthStatus.MajorOutage) with { Automatic = false, Impact = Impact.Critical },
        ];

        var pareto = ReliabilityMath.Pareto(incidents, NovemberStart, Later, Later, Slo);

        Assert.Equal(["network", "server", "unclassified"], pareto.Select(p => p.Category)); // a tie goes by name
        Assert.Equal(90, pareto[0].DowntimeMinutes, 6);
        Assert.Equal(90, pareto[1].DowntimeMinutes, 6);
        Assert.Equal(60, pareto[2].DowntimeMinutes, 6);
        Assert.Equal(1.0, pareto[^1].Cumulative, 6);
        Assert.Equal(0.375, pareto[0].Share, 6);
    }

    private static IReadOnlyList<MonthlyFigures> Figures(Incident[] incidents) =>
        ReliabilityMath.Monthly(incidents, Components, November, November, Later, Slo);

    private static DateTimeOffset At(double hours) => NovemberStart.AddHours(hours);

    private static Incident Make(DateTimeOffset start, DateTimeOffset? end, HealthStatus status, (DateTimeOffset At, HealthStatus Status)? change = null, string component = "payments")
    {
        var first = new IncidentUpdate("u1", IncidentStatus.Investigating, "", start) { Components = [new AffectedComponent(component, component, status)] };
        List<IncidentUpdate> updates = [first];
        if (change is { } c)
        {
            updates.Add(new IncidentUpdate("u2", IncidentStatus.Investigating, "", c.At) { Components = [new AffectedComponent(component, component, c.Status)] });
        }

        return new Incident
        {
            Id = Guid.NewGuid().ToString("N"),
            Title = "t",
            Status = end is null ? IncidentStatus.Investigating : IncidentStatus.Resolved,
            Impact = Impact.Major,
            Scope = Scope.Regional,
            Components = [new AffectedComponent(component, component, status)],
            StartedAt = start,
            DetectedAt = start,
            ResolvedAt = end,
            UpdatedAt = start,
            Updates = updates,
        };
    }
}
