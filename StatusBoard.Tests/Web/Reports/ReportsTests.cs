using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Reliability;
using StatusBoard.Tests.Support;
using StatusBoard.Web.Api;

namespace StatusBoard.Tests.Web.Reports;

/// <summary>/reports, its JSON and CSV, over a month of generated incidents; and the page in a real browser.</summary>
public sealed class ReportsTests : IAsyncLifetime
{
    private readonly StatusBoardApp _app = new();
    private HttpClient _viewer = null!;

    public async ValueTask InitializeAsync()
    {
        _app.Client();
        var store = _app.Services.GetRequiredService<IncidentStore>();
        foreach (var incident in GeneratedIncidents.October2026())
        {
            await store.SaveAsync(incident, TestContext.Current.CancellationToken);
        }

        var (_, key) = await _app.Services.GetRequiredService<ApiKeys>().CreateAsync("manager", "viewer", TestContext.Current.CancellationToken);
        _viewer = _app.Client();
        _viewer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
    }

    [Fact]
    public async Task MonthlyJson_MatchesTheArithmetic_OnTheSameIncidents()
    {
        var json = await _viewer.GetJsonAsync("/api/v1/reports/monthly?from=2026-10&to=2026-11");

        var expected = ReliabilityMath.Monthly(GeneratedIncidents.October2026(), _app.Services.GetRequiredService<ProbeCatalog>().Current.Components,
            new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1), DateTimeOffset.UtcNow, _app.Services.GetRequiredService<IOptions<SloOptions>>().Value);
        var octoberPayments = json.GetProperty("months").EnumerateArray().Single(m => m.Text("component") == "payments" && m.Text("month") == "2026-10");
        var expectedPayments = expected.Single(m => m.Component == "payments" && m.Month == new DateOnly(2026, 10, 1));
        Assert.Equal(expectedPayments.Incidents, octoberPayments.GetProperty("incidents").GetInt32());
        Assert.Equal(Math.Round(expectedPayments.DowntimeMinutes, 3), octoberPayments.GetProperty("downtimeMinutes").GetDouble(), 3);
        Assert.Equal(44_640, octoberPayments.GetProperty("minutes").GetDouble());
        Assert.False(octoberPayments.GetProperty("meetsSlo").GetBoolean());
        var novemberPayments = json.GetProperty("months").EnumerateArray().Single(m => m.Text("component") == "payments" && m.Text("month") == "2026-11");
        Assert.Equal(60, novemberPayments.GetProperty("downtimeMinutes").GetDouble(), 3);
        Assert.Equal(0, novemberPayments.GetProperty("incidents").GetInt32());
        var pareto = json.GetProperty("pareto").EnumerateArray().ToList();
        Assert.Equal(1.0, pareto[^1].GetProperty("cumulative").GetDouble(), 3);
        Assert.True(pareto[0].GetProperty("downtimeMinutes").GetDouble() >= pareto[^1].GetProperty("downtimeMinutes").GetDouble());
    }

    [Fact]
    public async Task IncidentsCsv_NeutralisesFormulaCells_AndFiltersApply()
    {
        var csv = await _viewer.GetStringAsync("/api/v1/reports/incidents.csv?from=2026-10&to=2026-10", TestContext.Current.CancellationToken);

        Assert.StartsWith("id,title,status", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\") <script>alert(1)</script>\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Equal(26, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var manual = await _viewer.GetStringAsync("/api/v1/reports/incidents.csv?from=2026-10&to=2026-10&source=manual", TestContext.Current.CancellationToken);
        var rows = manual.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Contains(",false,", row, StringComparison.Ordinal));

        var monthly = await _viewer.GetStringAsync("/api/v1/reports/monthly.csv?from=2026-10&to=2026-10", TestContext.Current.CancellationToken);
        Assert.Contains("payments,Payments,2026-10,44640,", monthly, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=2026-13", "from")]
    [InlineData("from=2026-11&to=2026-10", "from")]
    [InlineData("from=2020-01&to=2026-10", "from")]
    [InlineData("impact=apocalyptic", "impact")]
    [InlineData("category=gremlins", "category")]
    [InlineData("source=robots", "source")]
    public async Task BadFilters_Are400NamingTheField(string query, string field)
    {
        var response = await _viewer.GetAsync($"/api/v1/reports/monthly?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Anonymous_IsRefused_PageRedirects()
    {
        var anonymous = _app.Client(followRedirects: false);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/reports/monthly", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/reports/incidents.csv", TestContext.Current.CancellationToken)).StatusCode);
        var page = await anonymous.GetAsync("/reports", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin", page.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task ReportsPage_InABrowser_ShowsUptimeParetoAndIncidentsAsText()
    {
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        var baseUrl = _app.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await Browser.SignInAsync(page, baseUrl, "/reports?from=2026-09&to=2026-11");

        var october = page.Locator("tr[data-component=payments] td[data-month='2026-10']");
        await october.WaitForAsync();
        Assert.Contains("slo-missed", await october.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Equal("1", await page.Locator("tr[data-component=payments] td[data-month='2026-09']").GetAttributeAsync("data-uptime"));
        Assert.True(await page.Locator(".pareto-chart rect[data-category]").CountAsync() >= 3);
        Assert.Equal(25, await page.Locator("table.incidents tbody tr").CountAsync());
        Assert.Contains(GeneratedIncidents.HostileTitle, await page.Locator("tr[data-incident=gen-07]").InnerTextAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "reports-three-months");

        await page.SelectOptionAsync("select[name=source]", "manual");
        await page.ClickAsync(".reports-filters button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("source=manual", StringComparison.Ordinal));
        Assert.Equal(4, await page.Locator("table.incidents tbody tr").CountAsync());
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task ReportsPage_ThousandsOfIncidents_ListsTheLatest200AndLinksTheCsvForAll()
    {
        var store = _app.Services.GetRequiredService<IncidentStore>();
        var october = GeneratedIncidents.October2026()[0];
        for (var i = 0; i < 230; i++)
        {
            var start = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i * 3);
            await store.SaveAsync(october with { Id = $"many-{i:000}", Title = $"Many {i:000}", StartedAt = start, DetectedAt = start, ResolvedAt = start.AddMinutes(30), UpdatedAt = start.AddMinutes(30) }, TestContext.Current.CancellationToken);
        }

        var client = _app.CookieClient();
        await StatusBoardApp.SignInAsync(client, StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword, "/reports");
        var html = await client.GetStringAsync("/reports?from=2026-09&to=2026-10", TestContext.Current.CancellationToken);

        // 230 in September and 25 in October: the latest 200 are listed, the CSV link says where the rest are.
        Assert.Equal(200, System.Text.RegularExpressions.Regex.Count(html, "<tr[^>]* data-incident=\""));
        Assert.Contains("data-more=\"55\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-incident=\"many-000\"", html, StringComparison.Ordinal);
        var csv = await client.GetStringAsync("/api/v1/reports/incidents.csv?from=2026-09&to=2026-10", TestContext.Current.CancellationToken);
        Assert.Contains("many-000", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_AfterAnIncidentIsSaved_IncludeIt()
    {
        const string Path = "/api/v1/reports/incidents.csv?from=2026-10&to=2026-10";
        Assert.DoesNotContain("late-save", await _viewer.GetStringAsync(Path, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var store = _app.Services.GetRequiredService<IncidentStore>();
        var start = new DateTimeOffset(2026, 10, 20, 8, 0, 0, TimeSpan.Zero);
        await store.SaveAsync(GeneratedIncidents.October2026()[0] with { Id = "late-save", StartedAt = start, DetectedAt = start, ResolvedAt = start.AddHours(1), UpdatedAt = start.AddHours(1) }, TestContext.Current.CancellationToken);

        Assert.Contains("late-save", await _viewer.GetStringAsync(Path, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
