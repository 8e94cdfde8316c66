using Bunit;
using Microsoft.AspNetCore.Components;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Maintenance;
using StatusBoard.Web.Components.Ops;
using StatusBoard.Web.Live;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>The new /ops pieces rendered alone: a destructive button asks first, and a probe's charts mark what they should.</summary>
public sealed class OpsPiecesComponentTests : OpsTestContext
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ConfirmButton_AsksFirst_KeepItDoesNothing_YesDoesIt()
    {
        var done = 0;
        var cut = Render<ConfirmButton>(parameters => parameters
            .Add(p => p.Action, "delete-thing").Add(p => p.Label, "Delete").Add(p => p.Question, "Delete the thing?")
            .Add(p => p.OnConfirm, EventCallback.Factory.Create(this, () => done++)));

        cut.Find("[data-action=delete-thing]").Click();
        Assert.Equal("Delete the thing?", cut.Find(".confirm").TextContent);
        // The keyboard follows the question: focus on "Yes", and back on the button when kept.
        Assert.Equal(cut.Find("[data-action=confirm-delete-thing]").GetAttribute("blazor:elementReference"), ((ElementReference)JSInterop.VerifyFocusAsyncInvoke().Arguments[0]!).Id);
        cut.Find("[data-action=keep]").Click();
        Assert.Equal(0, done);
        Assert.Empty(cut.FindAll(".confirm"));
        Assert.Equal(cut.Find("[data-action=delete-thing]").GetAttribute("blazor:elementReference"), ((ElementReference)JSInterop.VerifyFocusAsyncInvoke(calledTimes: 2)[1].Arguments[0]!).Id);

        cut.Find("[data-action=delete-thing]").Click();
        cut.Find("[data-action=confirm-delete-thing]").Click();
        Assert.Equal(1, done);
        Assert.Single(cut.FindAll("[data-action=delete-thing]"));
    }

    [Fact]
    public void ProbeCharts_MarkTheBucketsAnIncidentOrMaintenanceOfTheComponentTouched_AndLeaveGapsEmpty()
    {
        var points = Enumerable.Range(0, 6).Select(i => i == 2
            ? new SeriesPoint(Start.AddMinutes(i), TimeSpan.FromMinutes(1), 0, null, null, null, null)
            : new SeriesPoint(Start.AddMinutes(i), TimeSpan.FromMinutes(1), 10, 0.9, 20, 80, 120)).ToList();
        Incident incident = new()
        {
            Id = "inc-1", Title = "Card declines", Status = IncidentStatus.Resolved, Impact = Impact.Minor, Scope = Scope.Regional,
            Components = [new AffectedComponent("payments", "Payments", HealthStatus.PartialOutage)],
            StartedAt = Start.AddMinutes(1).AddSeconds(30), DetectedAt = Start.AddMinutes(2), ResolvedAt = Start.AddMinutes(3).AddSeconds(10), UpdatedAt = Start.AddMinutes(4),
        };
        var otherComponent = incident with { Id = "inc-2", Components = [new AffectedComponent("balance", "Balance", HealthStatus.MajorOutage)], StartedAt = Start, ResolvedAt = Start.AddMinutes(6) };
        var window = new MaintenanceWindow
        {
            Id = "m-1", Title = "Gateway upgrade", Components = ["payments"], StartsAt = Start.AddMinutes(5), EndsAt = Start.AddMinutes(6), CreatedAt = Start,
        };

        var cut = Render<ProbeCharts>(parameters => parameters
            .Add(p => p.Points, points).Add(p => p.Component, "payments")
            .Add(p => p.Incidents, [incident, otherComponent]).Add(p => p.Maintenance, [window]));

        var marks = cut.FindAll(".chart-marks .mark");
        Assert.Equal(6, marks.Count);
        Assert.Equal(["", "inc-1", "inc-1", "inc-1", "", ""], marks.Select(m => m.GetAttribute("data-incident") ?? ""));
        Assert.Equal(["", "", "", "", "", "m-1"], marks.Select(m => m.GetAttribute("data-maintenance") ?? ""));
        Assert.Equal("1 h", cut.Find(".probe-charts").GetAttribute("data-period"));
        Assert.NotEmpty(cut.FindAll("[data-chart=latency] svg"));
    }

    [Fact]
    public void ProbeCharts_NothingRan_SaysSo()
    {
        var points = Enumerable.Range(0, 3).Select(i => new SeriesPoint(Start.AddMinutes(i), TimeSpan.FromMinutes(1), 0, null, null, null, null)).ToList();

        var cut = Render<ProbeCharts>(parameters => parameters.Add(p => p.Points, points).Add(p => p.Component, "payments"));

        Assert.Equal("Nothing ran in this period.", cut.Find(".empty").TextContent);
        Assert.Empty(cut.FindAll("svg"));
    }

    [Fact]
    public void CategoryChart_ChartsTheHour_AndListsEachCategorysTotal_BiggestFirst()
    {
        var network = new long[12];
        network[11] = 4;
        network[3] = 1;
        var delay = new long[12];
        delay[11] = 2;

        var cut = Render<CategoryChart>(parameters => parameters.Add(p => p.Categories,
        [
            new CategoryCount(FailureCategory.Network, 5, network),
            new CategoryCount(FailureCategory.Delay, 2, delay),
        ]));

        // The bars themselves are drawn once the browser has measured the panel (checked in Chromium by DashboardBrowserTests).
        Assert.NotEmpty(cut.FindAll("[data-chart=categories] .mud-chart"));
        Assert.Equal(["#c06bd6", "#e0a526"], [CategoryChart.Colour(FailureCategory.Network), CategoryChart.Colour(FailureCategory.Delay)]);
        Assert.Equal(["network 5", "delay 2"], cut.FindAll("li[data-category]").Select(li => $"{li.GetAttribute("data-category")} {li.QuerySelector(".bar-count")!.TextContent}"));

        var empty = Render<CategoryChart>(parameters => parameters.Add(p => p.Categories, []));
        Assert.Equal("No failures in the last hour.", empty.Find(".empty").TextContent);
        Assert.Empty(empty.FindAll("svg"));
    }

    [Fact]
    public void Stamp_ReadsOneWayWithItsZone_OrAsAnAgeWithTheMomentAsItsTitle()
    {
        var at = new DateTimeOffset(2026, 12, 1, 22, 5, 9, TimeSpan.FromHours(8));

        var stamp = Render<Stamp>(parameters => parameters.Add(p => p.At, at));
        var seconds = Render<Stamp>(parameters => parameters.Add(p => p.At, at).Add(p => p.Seconds, true));
        var age = Render<Stamp>(parameters => parameters.Add(p => p.At, at).Add(p => p.Now, at.AddMinutes(5)));

        Assert.Equal("2026-12-01 14:05 UTC", stamp.Find("time").TextContent);
        Assert.Equal("2026-12-01T22:05:09.0000000+08:00", stamp.Find("time").GetAttribute("datetime"));
        Assert.Equal("2026-12-01 14:05:09 UTC", seconds.Find("time").TextContent);
        Assert.Equal(("5m ago", "2026-12-01 14:05:09 UTC"), (age.Find("time").TextContent, age.Find("time").GetAttribute("title")));
    }
}
