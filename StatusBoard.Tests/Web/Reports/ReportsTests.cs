using Microsoft.Playwright;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Reliability;
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

        // Results in every hour since before October: both months were watched whole, so uptime is the incidents' arithmetic.
        var results = _app.Services.GetRequiredService<StatusBoard.Probes.Storage.IResultStore>();
        var hours = new List<StatusBoard.Probes.Running.ProbeResult>();
        for (var at = new DateTimeOffset(2026, 9, 28, 0, 30, 0, TimeSpan.Zero); at < DateTimeOffset.UtcNow.AddHours(-1); at = at.AddHours(1))
        {
            hours.Add(TestResults.Make(at));
            hours.Add(TestResults.Make(at, probe: "balance") with { Component = "balance" });
        }

        foreach (var batch in hours.Chunk(1000))
        {
            await results.WriteAsync(batch, TestContext.Current.CancellationToken);
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
        Assert.Equal(1.0, octoberPayments.GetProperty("watched").GetDouble());
        Assert.Equal(Math.Round(expectedPayments.Uptime!.Value, 6), octoberPayments.GetProperty("uptime").GetDouble(), 6);
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

    [Fact]
    public async Task MonthsBeforeTheFirstResult_AreNoData_AndTheCurrentMonthSaysHowMuchWasWatched()
    {
        // A second install, minutes old: nothing of the two months before this one was watched.
        using var fresh = new StatusBoardApp();
        var viewer = fresh.Client(admin: true);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var current = new DateOnly(today.Year, today.Month, 1);
        var from = current.AddMonths(-2).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var to = current.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        // Reports count UTC months; the page's bars count the days of its zone (Asia/Shanghai). Within the first hour of
        // that day the hour watched is all there was: "partly" shows from the second.
        var days = fresh.Services.GetRequiredService<StatusBoard.Probes.Storage.DayCalendar>();
        var started = TimeProvider.System.GetUtcNow();
        var partly = started - days.StartOf(days.DateAt(started)) >= TimeSpan.FromHours(1);
        var page = await Wait.ForAsync(() => fresh.Client().GetStringAsync("/?lang=en", TestContext.Current.CancellationToken),
            html => System.Text.RegularExpressions.Regex.Count(html, "class=\"day day-none") == 89 * 2, "today's bar from the first results", TimeSpan.FromSeconds(30));

        var json = await viewer.GetJsonAsync($"/api/v1/reports/monthly?from={from}&to={to}");

        var payments = json.GetProperty("months").EnumerateArray().Where(m => m.Text("component") == "payments").ToList();
        Assert.Equal(3, payments.Count);
        foreach (var earlier in payments.Take(2))
        {
            Assert.Equal(JsonValueKind.Null, earlier.GetProperty("uptime").ValueKind);
            Assert.Equal("no-data", earlier.Text("uptimeReason"));
            Assert.Equal(JsonValueKind.Null, earlier.GetProperty("meetsSlo").ValueKind);
            Assert.Equal(0, earlier.GetProperty("watched").GetDouble());
        }

        var now = payments[2];
        Assert.True(now.GetProperty("watched").GetDouble() is > 0 and <= 1, $"watched {now.GetProperty("watched")}");
        if (DateTime.UtcNow - current.ToDateTime(TimeOnly.MinValue) > TimeSpan.FromHours(1))
        {
            Assert.True(now.GetProperty("watched").GetDouble() < 1, "the month so far was not watched whole");
        }

        Assert.Equal(1.0, now.GetProperty("uptime").GetDouble());
        var csv = await viewer.GetStringAsync($"/api/v1/reports/monthly.csv?from={from}&to={to}", TestContext.Current.CancellationToken);
        Assert.Contains($"payments,Payments,{from},", csv, StringComparison.Ordinal);
        Assert.Contains("no data", csv.Split("\r\n").First(row => row.StartsWith($"payments,Payments,{from}", StringComparison.Ordinal)), StringComparison.Ordinal);

        // The 90-day bars: grey (no data) for every day before the first result, today partly watched.
        var bars = System.Text.RegularExpressions.Regex.Matches(page, "class=\"day day-([a-z_]+)( day-partial)?\"").Select(m => (m.Groups[1].Value, m.Groups[2].Success)).ToList();
        Assert.Equal(90 * 2, bars.Count);
        Assert.All(bars.Where((_, i) => i % 90 != 89), bar => Assert.Equal(("none", false), bar));
        Assert.All(bars.Where((_, i) => i % 90 == 89), bar => Assert.NotEqual("none", bar.Item1));
        if (partly)
        {
            Assert.All(bars.Where((_, i) => i % 90 == 89), bar => Assert.True(bar.Item2, "today is partly watched"));
            Assert.Matches("watched \\d+ of \\d+ hours", page);
        }
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
    [Trait("Surface", "browser")]
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
        // Every bar stands on the axis, none reaching below it (a stylesheet height once stretched them over the labels).
        Assert.True(await page.EvaluateAsync<bool>(
            "() => { const axis = document.querySelector('.pareto-chart .axis').getBBox().y; return [...document.querySelectorAll('.pareto-chart rect[data-category]')].every(r => { const b = r.getBBox(); return b.y + b.height <= axis + 0.5 && b.height > 0; }); }"));
        await Assertions.Expect(page.Locator("table.incidents tbody tr")).ToHaveCountAsync(25);
        Assert.Contains(GeneratedIncidents.HostileTitle, await page.Locator("tr[data-incident=gen-07]").InnerTextAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "reports-three-months");

        await page.SelectOptionAsync("select[name=source]", "manual");
        await page.ClickAsync(".reports-filters button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("source=manual", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator("table.incidents tbody tr")).ToHaveCountAsync(4);
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
