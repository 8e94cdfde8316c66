using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// Every page fits the screen it is on: at 390 px (a phone) nothing is wider than the viewport and the /ops bar folds
/// behind "Menu"; each page is also shot at 1440 and 2560 px for people to look at.
/// </summary>
[Trait("Surface", "browser")]
public sealed class ScreenSizeBrowserTests : BrowserTest
{
    private static readonly string[] OpsPages =
    [
        "/ops", "/ops/incidents", "/ops/incidents/new", "/ops/maintenance", "/ops/components", "/ops/reports", "/reports", "/ops/probes/new",
        "/ops/probes/payments-create", "/ops/channels", "/ops/users", "/ops/keys", "/ops/agents", "/account/password",
    ];

    private static readonly string[] PublicPages = ["/", "/history", "/signin", "/no-such-page"];

    private static string Name(string path, int width) =>
        $"screen-{width}{(path == "/" ? "-home" : path.Replace('/', '-'))}";

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    /// <summary>Nothing of an /ops page starts under its bar: the first thing shown begins below the bar's bottom edge (pages without the bar pass).</summary>
    private static async Task<bool> ClearOfTheBarAsync(IPage page) => (await UnderTheBarAsync(page)).Length == 0;

    /// <summary>What starts under the bar, with both edges; empty when nothing does.</summary>
    private static Task<string> UnderTheBarAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
          window.scrollTo(0, 0);
          const bar = document.querySelector('.ops-bar')?.getBoundingClientRect().bottom ?? 0;
          const first = [...document.querySelectorAll('.ops-main > *')].find(e => e.getBoundingClientRect().height > 0);
          return !first || first.getBoundingClientRect().top >= bar - 0.5 ? '' : `${first.className || first.tagName} at ${first.getBoundingClientRect().top}, bar to ${bar}`;
        }
        """);

    [Fact]
    public async Task AtPhoneWidth_NoPageIsWiderThanTheScreen_AndTheOpsBarFoldsBehindAMenu()
    {
        var page = await NewPageAsync(390, 844);
        var tooWide = new List<string>();
        foreach (var path in PublicPages)
        {
            await page.GotoAsync(BaseUrl + path, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
            await Browser.ScreenshotAsync(page, Name(path, 390));
            if (!await FitsAsync(page))
            {
                tooWide.Add(path);
            }
        }

        await Browser.SignInAsync(page, BaseUrl, "/ops");
        foreach (var path in OpsPages)
        {
            await Browser.OpenAsync(page, BaseUrl + path);
            await Browser.ScreenshotAsync(page, Name(path, 390));
            if (!await FitsAsync(page))
            {
                tooWide.Add(path + $" ({await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px)");
            }

            if (await UnderTheBarAsync(page) is { Length: > 0 } under)
            {
                tooWide.Add($"{path} ({under})");
            }
        }

        Assert.Empty(tooWide);

        // The bar: the navigation is folded; "Menu" opens it and a link in it goes where it says.
        await Browser.OpenAsync(page, BaseUrl + "/ops");
        await Assertions.Expect(page.Locator(".ops-nav")).ToBeHiddenAsync();
        await page.ClickAsync(".ops-menu-button");
        await Assertions.Expect(page.Locator(".ops-nav")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "screen-390-ops-menu-open");
        await page.ClickAsync(".ops-nav a[href='/ops/maintenance']");
        await page.WaitForURLAsync($"{BaseUrl}/ops/maintenance", Browser.SignedIn);

        // The grid scrolls inside its panel rather than widening the page.
        await Browser.OpenAsync(page, BaseUrl + "/ops");
        Assert.True(await page.EvaluateAsync<bool>("() => { const p = document.querySelector('.grid-panel'); return p.scrollWidth > p.clientWidth && getComputedStyle(p).overflowX === 'auto'; }"));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(1440, 900)]
    [InlineData(2560, 1440)]
    public async Task AtDesktopAndWallWidths_EveryPageIsShot_AndTheBarKeepsItsNavigationOpen(int width, int height)
    {
        var page = await NewPageAsync(width, height);
        foreach (var path in PublicPages)
        {
            await page.GotoAsync(BaseUrl + path, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
            await Browser.ScreenshotAsync(page, Name(path, width));
            Assert.True(await FitsAsync(page), path);
            Assert.Equal("", $"{path}: " + await UnderTheBarAsync(page) is var said && said.EndsWith(": ", StringComparison.Ordinal) ? "" : said);
        }

        await Browser.SignInAsync(page, BaseUrl, "/ops");
        await Assertions.Expect(page.Locator(".ops-nav")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".ops-menu-button")).ToBeHiddenAsync();

        // The bar stays one line high: every link of the navigation sits on the bar's row.
        var rows = await page.EvaluateAsync<int>("() => new Set([...document.querySelectorAll('.ops-nav a')].filter(a => a.offsetParent).map(a => Math.round(a.getBoundingClientRect().top))).size");
        Assert.Equal(1, rows);
        foreach (var path in OpsPages)
        {
            await Browser.OpenAsync(page, BaseUrl + path);
            await Browser.ScreenshotAsync(page, Name(path, width));
            Assert.True(await FitsAsync(page), path);
            Assert.Equal("", $"{path}: " + await UnderTheBarAsync(page) is var said && said.EndsWith(": ", StringComparison.Ordinal) ? "" : said);
        }

        await page.Context.CloseAsync();
    }

}
