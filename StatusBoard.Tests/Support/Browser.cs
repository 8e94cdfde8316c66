using Microsoft.Playwright;

namespace StatusBoard.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright, headless. <c>.ci/run</c> installs it; Playwright never downloads a browser.
/// Screenshots go to <c>TestResults/screenshots</c> beside the test binaries, to be looked at.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    public static string ScreenshotDirectory { get; } =
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;

    public static async Task<Browser> LaunchAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium (.ci/run does)");
        // Expectations wait for their condition up to 15 s (Playwright's 5 s is short on a busy CI machine).
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
            ],
        });
        return new Browser(playwright, chromium);
    }

    /// <summary>Opens a signed-in page through the real sign-in form, as the bootstrap admin.</summary>
    public static async Task SignInAsync(IPage page, string baseUrl, string path)
    {
        await page.GotoAsync(baseUrl + path, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=Email]", StatusBoardApp.AdminEmail);
        await page.FillAsync("input[name=Password]", StatusBoardApp.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(baseUrl + path, SignedIn);
        // An /ops page is clicked on next: a click on its navigation before its circuit is up can change the address
        // while the page stays where it was.
        if (await page.Locator(".ops-main").CountAsync() > 0)
        {
            await InteractiveAsync(page);
        }
    }

    /// <summary>
    /// Signed in once the page's document is there: what the tests look for next they wait for themselves. Waiting for
    /// every resource's "load" timed out once in 30 s on a busy CI machine while the two-node tests ran beside it.
    /// </summary>
    public static PageWaitForURLOptions SignedIn { get; } = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    /// <summary>Waits for the toast an /ops page shows once a change took effect, by what it says.</summary>
    public static Task ToastAsync(IPage page, string text) =>
        Assertions.Expect(page.Locator(".mud-snackbar").Filter(new LocatorFilterOptions { HasText = text }).First).ToBeVisibleAsync();

    /// <summary>Waits until an /ops page's circuit is up (the layout says so): clicks before it are lost.</summary>
    public static Task InteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator(".ops-main")).ToHaveAttributeAsync("data-interactive", "true", new LocatorAssertionsToHaveAttributeOptions { Timeout = 20_000 });

    /// <summary>Opens a page by its address and, when it is an /ops page (a live one), waits until it is live.</summary>
    public static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        if (await page.Locator(".ops-main").CountAsync() > 0)
        {
            await InteractiveAsync(page);
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Chromium.CloseAsync();
        _playwright.Dispose();
    }
}
