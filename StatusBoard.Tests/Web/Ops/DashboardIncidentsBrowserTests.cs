using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// The dashboard's open incidents as an on-call engineer sees them: opened and resolved through the API while /ops is
/// open, the row comes and goes without a reload, from the node's one reader of open incidents, not a poll per tab.
/// </summary>
[Trait("Surface", "browser")]
public sealed class DashboardIncidentsBrowserTests : BrowserTest
{
    [Fact]
    public async Task AnIncidentOpenedAndResolvedElsewhere_ComesAndGoesOnTheOpenDashboard()
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await Browser.SignInAsync(page, BaseUrl, "/ops");
        await Assertions.Expect(page.Locator(".board")).ToBeVisibleAsync();

        var admin = App.Client(admin: true);
        var created = await admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Card payments failing at one bank", message = "Looking into it", impact = "major", components = new[] { "payments" } }, Ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).Text("id");

        var row = page.Locator($"tr[data-incident='{id}']");
        await Assertions.Expect(row).ToContainTextAsync("Card payments failing at one bank");
        // Seconds old, and said so: not rounded up to a minute.
        await Assertions.Expect(row.Locator("td").Nth(5)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{1,2}s so far$"));
        await Browser.ScreenshotAsync(page, "ops-dashboard-incident-arrives");

        (await admin.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "resolved", message = "Fixed by the bank" }, Ct)).EnsureSuccessStatusCode();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.Equal("resolved", (await admin.GetJsonAsync($"/api/v1/incidents/{id}")).Text("status"));
        await context.CloseAsync();
    }
}
