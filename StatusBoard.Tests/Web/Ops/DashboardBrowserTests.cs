using System.Diagnostics;
using Microsoft.Playwright;
using StatusBoard.Tests.Support;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>/ops in a real browser: sign in, break one region from the demo panel, watch the cells turn, mend it.</summary>
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    // The create-payment probe every 2 s, so that "within two probe intervals" is a measurable span.
    private readonly StatusBoardApp _app = new(new Dictionary<string, string?> { ["StatusBoard:Probes:0:interval"] = "2s" });
    private Browser _browser = null!;

    private string BaseUrl => _app.ClientOptions.BaseAddress.ToString().TrimEnd('/');

    public async ValueTask InitializeAsync()
    {
        _app.Client();
        _browser = await Browser.LaunchAsync();
    }

    [Fact]
    public async Task SandboxFaultInOneRegion_TurnsItsCellsDownLive_AndUpWhenCleared()
    {
        var context = await _browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{BaseUrl}/ops");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=Email]", StatusBoardApp.AdminEmail);
        await page.FillAsync("input[name=Password]", StatusBoardApp.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{BaseUrl}/ops");

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
        await Expect(sg, "down", 2 * Interval + TimeSpan.FromSeconds(3));
        var turned = switched.Elapsed;
        Assert.Equal("server", await sg.Locator(".cell-category").InnerTextAsync());
        Assert.Equal("up", await east.GetAttributeAsync("data-status"));
        Assert.Equal("up", await Cell(page, "payments-create", "cn-south").GetAttributeAsync("data-status"));
        await page.Locator(".failure[data-probe=payments-create][data-region=sg]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        Assert.Contains("HTTP 503", await page.Locator(".failure[data-region=sg]").First.InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator(".strip-item[data-component=payments][data-scope=regional]").WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        await Browser.ScreenshotAsync(page, "ops-sg-outage");
        TestContext.Current.SendDiagnosticMessage($"sg cell turned down {turned.TotalMilliseconds:0} ms after the fault was switched on (interval {Interval.TotalSeconds} s)");
        Assert.True(turned <= 2 * Interval + TimeSpan.FromSeconds(1), $"took {turned}");

        await page.ClickAsync("[data-action=clear-fault]");
        await Expect(sg, "up", 2 * Interval + TimeSpan.FromSeconds(3));
        Assert.Equal("0", await page.Locator(".demo [data-faults]").GetAttributeAsync("data-faults"));
        await context.CloseAsync();
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

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
    }
}
