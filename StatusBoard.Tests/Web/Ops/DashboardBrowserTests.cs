using System.Diagnostics;
using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>/ops in a real browser: sign in, break one region from the demo panel, watch the cells turn, mend it.</summary>
[Trait("Surface", "browser")]
public sealed class DashboardBrowserTests() : BrowserTest(new StatusBoardApp(new Dictionary<string, string?> { ["StatusBoard:Probes:0:interval"] = "2s" }))
{
    // The create-payment probe runs every 2 s (the app's setting above), so that "within two probe intervals" is a measurable span.
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task SandboxFaultInOneRegion_TurnsItsCellsDownLive_AndUpWhenCleared()
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{BaseUrl}/ops");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "ops-signin");
        await page.FillAsync("input[name=Email]", StatusBoardApp.AdminEmail);
        await page.FillAsync("input[name=Password]", StatusBoardApp.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{BaseUrl}/ops", Browser.SignedIn);

        var sg = Cell(page, "payments-create", "sg");
        var east = Cell(page, "payments-create", "cn-east");
        await Expect(sg, "up", TimeSpan.FromSeconds(15));
        await WaitForLiveAsync(page);
        await Expect(east, "up", TimeSpan.FromSeconds(5));
        await Browser.ScreenshotAsync(page, "ops-healthy");

        await page.SelectOptionAsync(".demo select[data-field=region]", "sg");
        await page.SelectOptionAsync(".demo select[data-field=endpoint]", "payments");
        await page.SelectOptionAsync(".demo select[data-field=fault]", "outage");
        var switched = Stopwatch.StartNew();
        await page.ClickAsync("[data-action=apply-fault]");
        // The first failed result is not yet confirmed: the cell says so, neither UP nor DOWN.
        await Expect(sg, "failing", 2 * Interval + TimeSpan.FromSeconds(3));
        Assert.Equal("1 of 2 failed to confirm", await sg.Locator(".cell-basis").InnerTextAsync());
        await Browser.ScreenshotAsync(page, "ops-sg-failing");
        await Expect(sg, "down", 2 * Interval + TimeSpan.FromSeconds(3));
        var turned = switched.Elapsed;
        Assert.Equal("server", await sg.Locator(".cell-category").InnerTextAsync());
        Assert.Equal("up", await east.GetAttributeAsync("data-status"));
        Assert.Equal("up", await Cell(page, "payments-create", "cn-south").GetAttributeAsync("data-status"));
        await page.Locator(".failure[data-probe=payments-create][data-region=sg]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        Assert.Contains("HTTP 503", await page.Locator(".failure[data-region=sg]").First.InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator(".strip-item[data-component=payments][data-scope=regional]").WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        await Browser.ScreenshotAsync(page, "ops-sg-outage");
        // The failures-by-category chart: the server failures stand in the newest five minutes, nothing before.
        var heights = await page.Locator(".categories [data-chart=categories] path.mud-chart-bar[stroke='#e5484d']").EvaluateAllAsync<double[]>(
            "paths => paths.map(p => { const m = p.getAttribute('d').match(/M [\\d.]+ ([\\d.]+) L [\\d.]+ ([\\d.]+)/); return Number(m[1]) - Number(m[2]); })");
        Assert.Equal(12, heights.Length);
        Assert.True(heights[^1] > 10, $"the newest bucket's bar is {heights[^1]} high");
        Assert.All(heights[..^1], height => Assert.True(height < 1, $"an older bucket's bar is {height} high"));
        Assert.True(int.Parse(await page.Locator(".categories li[data-category=server] .bar-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 2);
        await page.SetViewportSizeAsync(2560, 1440);
        await Browser.ScreenshotAsync(page, "ops-sg-outage-wall-screen");
        await page.SetViewportSizeAsync(1280, 720);
        await Browser.ScreenshotAsync(page, "ops-sg-outage-laptop");
        TestContext.Current.SendDiagnosticMessage($"sg cell turned down {turned.TotalMilliseconds:0} ms after the fault was switched on (interval {Interval.TotalSeconds} s)");
        Assert.True(turned <= 2 * Interval + TimeSpan.FromSeconds(1), $"took {turned}");

        await page.ClickAsync("[data-action=clear-fault]");
        await Expect(sg, "up", 2 * Interval + TimeSpan.FromSeconds(3));
        Assert.Equal("0", await page.Locator(".demo [data-faults]").GetAttributeAsync("data-faults"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task ProbePage_RunNowAndPause_WorkFromTheBrowser()
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await Browser.SignInAsync(page, BaseUrl, "/ops/probes/payments-create");

        // Clicks count only once the circuit is up; retry the click until the page answers.
        await Assertions.Expect(page.Locator("[data-last-run]")).ToHaveCountAsync(0);
        await RetryClickAsync(page, "[data-action=run-now]", "[data-last-run]");
        Assert.Equal("3", await page.Locator("[data-last-run]").GetAttributeAsync("data-last-run"));
        Assert.Contains("Authorization", await page.Locator(".definition").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer demo", await page.Locator(".definition").InnerTextAsync(), StringComparison.Ordinal);

        await page.ClickAsync("[data-action=pause]");
        await Assertions.Expect(page.Locator(".detail")).ToHaveAttributeAsync("data-paused", "true");
        await Browser.ScreenshotAsync(page, "ops-probe-detail");
        await page.ClickAsync("[data-action=resume]");
        await Assertions.Expect(page.Locator(".detail")).ToHaveAttributeAsync("data-paused", "false");
        await context.CloseAsync();
    }

    private static async Task RetryClickAsync(IPage page, string button, string appears)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (await page.Locator(appears).CountAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{appears} never appeared after clicking {button}");
            await page.ClickAsync(button);
            await page.Locator(appears).WaitForAsync(new LocatorWaitForOptions { Timeout = 1_000 }).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static ILocator Cell(IPage page, string probe, string region) =>
        page.Locator($"td.cell[data-probe='{probe}'][data-region='{region}']");

    private static Task Expect(ILocator cell, string status, TimeSpan within) =>
        Assertions.Expect(cell).ToHaveAttributeAsync("data-status", status, new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)within.TotalMilliseconds });

    /// <summary>The board re-renders on its own only once the circuit is live: wait for its time stamp to move.</summary>
    private static async Task WaitForLiveAsync(IPage page)
    {
        var first = await page.Locator(".dashboard").GetAttributeAsync("data-updated");
        await Assertions.Expect(page.Locator(".dashboard")).Not.ToHaveAttributeAsync("data-updated", first!, new LocatorAssertionsToHaveAttributeOptions { Timeout = 15_000 });
    }
}
