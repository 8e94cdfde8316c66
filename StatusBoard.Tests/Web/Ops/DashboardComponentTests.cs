using Bunit;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Running;
using StatusBoard.Web.Components.Ops;
using StatusBoard.Web.Live;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>The dashboard's pieces rendered alone: what a cell, the strip and the failure stream say, and the editor's messages.</summary>
public sealed class DashboardComponentTests : OpsTestContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(CellStatus.Up, "up")]
    [InlineData(CellStatus.Degraded, "degraded")]
    [InlineData(CellStatus.Down, "down")]
    [InlineData(CellStatus.Paused, "paused")]
    [InlineData(CellStatus.Blind, "blind")]
    [InlineData(CellStatus.Failing, "failing")]
    public void ProbeCell_EachStatus_CarriesItsDataAttributes(CellStatus status, string expected)
    {
        var cut = RenderCell(Cell(status));

        var td = cut.Find("td");
        Assert.Equal("payments-create", td.GetAttribute("data-probe"));
        Assert.Equal("sg", td.GetAttribute("data-region"));
        Assert.Equal(expected, td.GetAttribute("data-status"));
        Assert.Contains($"cell-{expected}", td.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void ProbeCell_Failing_ShowsRatesPercentilesCategoryAndSparkline()
    {
        var cut = RenderCell(Cell(CellStatus.Down) with { Category = FailureCategory.Server, SuccessRate5m = 0.4, SuccessRate1h = 0.9512 });

        Assert.Equal("server", cut.Find(".cell-category").TextContent);
        Assert.Contains("5m 40.0%", cut.Find(".cell-rates").TextContent, StringComparison.Ordinal);
        Assert.Contains("1h 95.1%", cut.Find(".cell-rates").TextContent, StringComparison.Ordinal);
        Assert.Equal("12ms · 80ms · 1.2s", cut.Find(".cell-latency").TextContent.Trim());
        Assert.Equal("0,15.5 60,0.5", cut.Find("polyline").GetAttribute("points"));
    }

    [Fact]
    public void ProbeCell_NothingRanYet_ShowsDashesNotZeroes()
    {
        var cut = RenderCell(new CellView("payments-create", "sg", CellStatus.Blind, null, null, null, null, null, "", null, null));

        Assert.Equal(["5m –", "1h –"], cut.FindAll(".cell-rates span").Select(s => s.TextContent));
        Assert.Empty(cut.FindAll("polyline"));
        Assert.Empty(cut.FindAll(".cell-category"));
    }

    [Fact]
    public void ComponentStrip_ShowsStatusScopeFailingAndBlindRegions()
    {
        var components = new List<ComponentHealth>
        {
            new("payments", "Payments", HealthStatus.PartialOutage, Scope.Regional,
                [new("cn-east", HealthStatus.Operational, 1, 20, Now), new("sg", HealthStatus.MajorOutage, 0, 30, Now), new("eu-west", HealthStatus.Blind, null, null, null)]),
            new("balance", "Wallet balance", HealthStatus.Operational, Scope.None, [new("cn-east", HealthStatus.Operational, 1, 20, Now)]),
        };

        var cut = Render<ComponentStrip>(parameters => parameters.Add(p => p.Components, components));

        var payments = cut.Find("[data-component=payments]");
        Assert.Equal("partial_outage", payments.GetAttribute("data-status"));
        Assert.Equal("regional", payments.GetAttribute("data-scope"));
        Assert.Equal("regional: sg", payments.QuerySelector(".strip-scope")!.TextContent);
        Assert.Equal("blind: eu-west", payments.QuerySelector(".strip-blind")!.TextContent);
        Assert.Equal("operational", cut.Find("[data-component=balance]").GetAttribute("data-status"));
        Assert.Null(cut.Find("[data-component=balance]").QuerySelector(".strip-scope"));
    }

    [Fact]
    public void ComponentStrip_NoComponents_SaysHowToAddThem()
    {
        var cut = Render<ComponentStrip>(parameters => parameters.Add(p => p.Components, []));

        Assert.Contains("StatusBoard:Components", cut.Find(".empty").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void FailureStream_ShowsEvidence_AsInertText()
    {
        var failure = new ProbeResult
        {
            Id = "r1", Probe = "payments-create", Component = "payments", Region = "sg", Agent = "in-process", StartedAt = Now,
            DurationMs = 41, Outcome = Outcome.Down, Category = FailureCategory.Server, HttpStatus = 503, ErrorCode = "SERVICE_UNAVAILABLE",
            Message = "HTTP 503", Attempts = 2,
            Conditions = [new ConditionResult("[STATUS] == 200", false, "[STATUS] (503) == 200"), new ConditionResult("[RESPONSE_TIME] < 800", true, "[RESPONSE_TIME] (41) < 800")],
            Phases = new TimingPhases(1, 2, null, 38),
            Excerpt = "<script>alert(1)</script>",
        };

        var cut = Render<FailureStream>(parameters => parameters.Add(p => p.Failures, [failure]));

        var item = cut.Find("li.failure");
        Assert.Equal("sg", item.GetAttribute("data-region"));
        Assert.Contains("HTTP 503", item.QuerySelector(".failure-http")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("SERVICE_UNAVAILABLE", item.QuerySelector(".failure-code")!.TextContent);
        Assert.Equal("2 attempts", item.QuerySelector(".failure-attempts")!.TextContent);
        Assert.Equal(["[STATUS] (503) == 200"], item.QuerySelectorAll(".failure-condition").Select(c => c.TextContent));
        Assert.Contains("first byte 38ms", item.QuerySelector(".failure-phases")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("<script>alert(1)</script>", item.QuerySelector(".failure-excerpt")!.TextContent);
        Assert.Empty(cut.FindAll("script"));
    }

    [Fact]
    public void FailureStream_NoFailures_SaysEverythingPasses()
    {
        var cut = Render<FailureStream>(parameters => parameters.Add(p => p.Failures, []));

        Assert.Equal("No failed results. Every probe is passing.", cut.Find(".empty").TextContent);
    }

    [Fact]
    public void ProbeEditor_InvalidDocument_ListsAMessagePerField_AndSavesNothing()
    {
        SignInAs("admin");
        var cut = Render<ProbeEditor>(parameters => parameters.Add(p => p.Text, """
            { "key": "Bad Key!", "name": "x", "component": "nope", "kind": "http", "regions": ["sg"],
              "interval": "5s", "timeout": "1s", "request": { "url": "ftp://example.com" }, "conditions": [ "[STATUS] === 200" ] }
            """));

        cut.Find("[data-action=save]").Click();

        var fields = cut.FindAll(".errors li").Select(li => li.GetAttribute("data-field")).ToList();
        Assert.Contains("key", fields);
        Assert.Contains("component", fields);
        Assert.Contains("request.url", fields);
        Assert.Empty(Catalog.Current.Probes);
    }

    [Fact]
    public void ProbeEditor_InvalidCondition_NamesItAndShowsWhy()
    {
        SignInAs("admin");
        var cut = Render<ProbeEditor>(parameters => parameters.Add(p => p.Text, ValidProbe.Replace("[STATUS] == 200", "[STATUSS] == 200", StringComparison.Ordinal)));

        cut.Find("[data-action=save]").Click();

        var error = cut.Find(".errors li");
        Assert.Equal("conditions[0]", error.GetAttribute("data-field"));
        Assert.Contains("unknown placeholder", error.TextContent, StringComparison.Ordinal);
        Assert.Empty(Catalog.Current.Probes);
    }

    [Fact]
    public void ProbeEditor_BrokenJson_SaysWhere()
    {
        SignInAs("admin");
        var cut = Render<ProbeEditor>(parameters => parameters.Add(p => p.Text, "{\n  \"key\": \"a\",\n  oops\n}"));

        cut.Find("[data-action=save]").Click();

        Assert.Equal("document", cut.Find(".errors li").GetAttribute("data-field"));
        Assert.Contains("line 3", cut.Find(".errors li").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ProbeEditor_Viewer_IsRefusedByTheHandler()
    {
        SignInAs("viewer");
        var cut = Render<ProbeEditor>(parameters => parameters.Add(p => p.Text, ValidProbe));

        cut.Find("[data-action=save]").Click();

        Assert.Contains("needs admin", cut.Find(".error").TextContent, StringComparison.Ordinal);
        Assert.Empty(Catalog.Current.Probes);
    }

    [Fact]
    public void ProbeEditor_ValidDocument_IsSaved()
    {
        SignInAs("admin");
        var cut = Render<ProbeEditor>(parameters => parameters.Add(p => p.Text, ValidProbe));

        cut.Find("[data-action=save]").Click();

        Assert.Empty(cut.FindAll(".errors li"));
        Assert.Equal(StatusBoard.Probes.Kinds.ProbeKinds.Http, Assert.Single(Catalog.Current.Probes).Kind);
    }

    private const string ValidProbe = """
        { "key": "pay-health", "name": "Pay health", "component": "payments", "kind": "http", "regions": ["sg"],
          "interval": "30s", "timeout": "5s", "request": { "url": "https://pay.example.com/health" }, "conditions": [ "[STATUS] == 200" ] }
        """;

    private IRenderedComponent<ProbeCell> RenderCell(CellView cell) =>
        Render<ProbeCell>(parameters => parameters.Add(p => p.Cell, cell));

    private static CellView Cell(CellStatus status) =>
        new("payments-create", "sg", status, 1, 1, 12, 80, 1200, "0,15.5 60,0.5", null, Now);
}
