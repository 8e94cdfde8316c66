using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// A probe's page charts its latency (p50, p95, p99) and success rate from the rollups over 1 h, 24 h and 7 d, and
/// marks the buckets an incident of its component touched — in Chromium.
/// </summary>
[Trait("Surface", "browser")]
public sealed class ProbeChartsBrowserTests : BrowserTest
{
    [Fact]
    public async Task TheProbesPage_ChartsItsRollups_AndMarksAnIncidentOfItsComponent()
    {
        var admin = App.Client(admin: true);
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=payments-create&limit=3"), r => r.GetArrayLength() >= 3, "payments-create's first results");
        (await admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Card declines at a partner bank", message = "One partner bank declines cards.", impact = "minor", components = new[] { "payments" } }, Ct)).EnsureSuccessStatusCode();
        var page = await NewPageAsync(1440, 1000);
        await Browser.SignInAsync(page, BaseUrl, "/ops/probes/payments-create");

        var charts = page.Locator(".probe-charts");
        await Assertions.Expect(charts).ToHaveAttributeAsync("data-period", "1 h");
        await Assertions.Expect(charts.Locator("[data-chart=latency] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(charts.Locator("[data-chart=latency]")).ToContainTextAsync("p95");
        await Assertions.Expect(charts.Locator("[data-chart=success] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(charts.Locator(".chart-marks .mark")).ToHaveCountAsync(60);
        await Assertions.Expect(charts.Locator(".chart-marks .mark-incident").Last).ToHaveAttributeAsync("title", "incident: Card declines at a partner bank");
        await Browser.ScreenshotAsync(page, "ops-probe-charts");

        await charts.Locator("[data-action=period][data-period='24 h']").ClickAsync();
        await Assertions.Expect(charts).ToHaveAttributeAsync("data-period", "24 h");
        await Assertions.Expect(charts.Locator(".chart-marks .mark")).ToHaveCountAsync(24);
        await charts.Locator("[data-action=period][data-period='7 d']").ClickAsync();
        await Assertions.Expect(charts).ToHaveAttributeAsync("data-period", "7 d");
        await Assertions.Expect(charts.Locator(".chart-marks .mark")).ToHaveCountAsync(168);
        await page.Context.CloseAsync();
    }

}
