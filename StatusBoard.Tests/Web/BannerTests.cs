using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace StatusBoard.Tests.Web;

/// <summary>The embeddable banner on a wallet's own page, another origin: shown in the page's language when something is wrong, with no cookies.</summary>
public sealed class BannerTests : IAsyncLifetime
{
    private readonly StatusBoardApp _app = new(new Dictionary<string, string?>
    {
        ["StatusBoard:Incidents:ConfirmationPeriod"] = "00:00:01",
        ["StatusBoard:Incidents:EvaluationInterval"] = "00:00:00.250",
    });

    private LoopbackServer _wallet = null!;
    private Browser _browser = null!;
    private string StatusBoard => _app.ClientOptions.BaseAddress.ToString().TrimEnd('/');

    public async ValueTask InitializeAsync()
    {
        _app.Client();
        _wallet = await LoopbackServer.StartAsync(app => app.MapGet("/{lang}/{show}", (string lang, string show) => Results.Content($"""
            <!doctype html><html><head><meta charset="utf-8"><title>Wallet</title></head>
            <body style="margin:0;font-family:sans-serif"><main style="padding:20px"><h1>My wallet</h1><p>Balance: ¥ 1,024.00</p></main>
            <script src="{StatusBoard}/banner.js" data-lang="{lang}" data-show="{show}" async></script></body></html>
            """, "text/html")));
        _browser = await Browser.LaunchAsync();
    }

    [Fact]
    public async Task HealthyPlatform_ShowsNothing_UnlessAskedToAlways()
    {
        var page = await _browser.Chromium.NewPageAsync();
        var requests = new List<IRequest>();
        page.Request += (_, request) => requests.Add(request);

        await page.GotoAsync($"{_wallet.Address}/en/quiet");
        var banner = page.Locator("[data-statusboard-banner]");
        await Assertions.Expect(banner).ToHaveAttributeAsync("data-indicator", "none");
        Assert.False(await banner.IsVisibleAsync());

        await page.GotoAsync($"{_wallet.Address}/zh-CN/always");
        await Assertions.Expect(page.Locator("[data-statusboard-banner] >> text=所有服务运行正常")).ToBeVisibleAsync();
        Assert.All(requests.Where(r => r.Url.StartsWith(StatusBoard, StringComparison.Ordinal)), r => Assert.False(r.Headers.ContainsKey("cookie")));
    }

    [Fact]
    [Trait("Surface", "browser")]
    public async Task Outage_ShowsTheBannerAndTheIncident_InChinese()
    {
        await _app.Client(admin: true).PostAsJsonAsync("/sandbox/faults", new { region = "*", endpoint = "payments", fault = "outage" }, TestContext.Current.CancellationToken);
        await Wait.ForAsync(() => _app.Client().GetJsonAsync("/api/v1/banner?lang=zh-CN"), b => b.TryGetProperty("incident", out _),
            "an incident behind the banner", TimeSpan.FromSeconds(20));

        var page = await _browser.Chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 400 } });
        await page.GotoAsync($"{_wallet.Address}/zh-CN/quiet");
        var banner = page.Locator("[data-statusboard-banner]");
        await Assertions.Expect(banner).ToBeVisibleAsync();
        var text = await banner.Locator("[role=status]").InnerTextAsync();
        Assert.Contains("支付", text, StringComparison.Ordinal);
        Assert.Contains("查看详情", text, StringComparison.Ordinal);
        Assert.Contains("/incidents/", await banner.Locator("a").GetAttributeAsync("href") ?? "", StringComparison.Ordinal);
        Assert.Empty(await page.Context.CookiesAsync([StatusBoard]));
        await Browser.ScreenshotAsync(page, "banner-zh-outage");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _wallet.DisposeAsync();
        await _app.DisposeAsync();
    }
}
