using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// A probe's page in Chromium, each button clicked as a person would and its outcome read through the API: Run now
/// stores a run in every region, Pause and Resume change the schedule, Delete asks first and then removes the probe.
/// </summary>
[Trait("Surface", "browser")]
public sealed class ProbePageBrowserTests : BrowserTest
{
    [Fact]
    public async Task RunNowPauseResumeAndDelete_FromTheProbesPage()
    {
        var admin = App.Client(admin: true);
        (await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "balance-page", name = "Balance from its page", component = "balance", kind = "http", regions = new[] { "sg" }, interval = "1h", timeout = "2s",
            request = new { url = "{sandbox}/{region}/v2/balance" }, conditions = new[] { "[STATUS] == 200" },
        }, Ct)).EnsureSuccessStatusCode();
        var page = await NewPageAsync(1440, 1000);
        await Browser.SignInAsync(page, BaseUrl, "/ops/probes/balance-page");
        var before = (await admin.GetJsonAsync("/api/v1/results?probe=balance-page&region=sg&limit=50")).GetArrayLength();

        var clicked = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        await page.ClickAsync("[data-action=run-now]");
        await Assertions.Expect(page.Locator("[data-last-run]")).ToContainTextAsync("sg up");
        // Stored through the writer's buffer, like every result: there within its batch window.
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=balance-page&region=sg&limit=50"), r => r.GetArrayLength() >= before + 1
            && DateTimeOffset.Parse(r[0].Text("startedAt"), System.Globalization.CultureInfo.InvariantCulture) >= clicked, "the manual run stored");

        await page.ClickAsync("[data-action=pause]");
        await Assertions.Expect(page.Locator(".detail")).ToHaveAttributeAsync("data-paused", "true");
        Assert.True((await admin.GetJsonAsync("/api/v1/probes/balance-page")).GetProperty("paused").GetBoolean());
        await page.ClickAsync("[data-action=resume]");
        await Assertions.Expect(page.Locator(".detail")).ToHaveAttributeAsync("data-paused", "false");
        Assert.False((await admin.GetJsonAsync("/api/v1/probes/balance-page")).GetProperty("paused").GetBoolean());

        // Delete asks first; "Keep it" keeps it.
        await page.ClickAsync("[data-action=delete]");
        await Assertions.Expect(page.Locator(".confirm")).ToContainTextAsync("Delete this probe?");
        await page.ClickAsync("[data-action=keep]");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/probes/balance-page", Ct)).StatusCode);
        await page.ClickAsync("[data-action=delete]");
        await page.ClickAsync("[data-action=confirm-delete]");
        await page.WaitForURLAsync($"{BaseUrl}/ops", Browser.SignedIn);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/probes/balance-page", Ct)).StatusCode);
        await Assertions.Expect(page.Locator("[data-probe=balance-page]")).ToHaveCountAsync(0);

        // A probe from configuration has no Delete on its page.
        await Browser.OpenAsync(page, $"{BaseUrl}/ops/probes/payments-create");
        await Assertions.Expect(page.Locator("[data-action=delete]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

}
