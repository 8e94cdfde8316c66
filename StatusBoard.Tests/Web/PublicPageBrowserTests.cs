using Microsoft.Playwright;

namespace StatusBoard.Tests.Web;

/// <summary>The public page in a real browser: both languages, JavaScript on and off, the self-check, a report.</summary>
[Trait("Surface", "browser")]
public sealed class PublicPageBrowserTests() : BrowserTest(new StatusBoardApp(new Dictionary<string, string?> { ["StatusBoard:Verdict:MinimumAppVersion"] = "5.0.0" }))
{
    [Fact]
    public async Task WithJavaScript_SelfCheckGivesThePersonalVerdict_AndNoWebSocketOpens()
    {
        var admin = App.Client(admin: true);
        (await admin.PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "payments", fault = "outage" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/verdict?component=payments&region=sg"),
            v => v.Text("verdict") == "regional", "the outage to show in sg", TimeSpan.FromSeconds(20));

        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US", ViewportSize = new ViewportSize { Width = 1000, Height = 900 } });
        var page = await context.NewPageAsync();
        var sockets = 0;
        page.WebSocket += (_, _) => sockets++;

        await page.GotoAsync($"{BaseUrl}/?lang=en&region=sg&app=4.1.0", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        var verdict = page.Locator(".selfcheck-verdict");
        await verdict.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await Browser.ScreenshotAsync(page, "public-en-selfcheck-sg-outage");

        Assert.Equal("There is an outage in your region.", await verdict.InnerTextAsync());
        // The device reaches the platform, but the probes see the outage: both facts, never "the platform answers" alone.
        Assert.Matches("Your device reaches the payment platform \\(\\d+ ms\\), but our checks see it failing", await page.Locator(".selfcheck-result").InnerTextAsync());
        var advice = await page.Locator(".selfcheck-result li").AllInnerTextsAsync();
        Assert.StartsWith("Your money is safe", advice[0], StringComparison.Ordinal);
        Assert.StartsWith("Before paying again", advice[1], StringComparison.Ordinal);
        Assert.Contains(advice, a => a.StartsWith("Update the wallet app", StringComparison.Ordinal));
        Assert.Equal("sg", await page.Locator("[data-component=payments] .region-major_outage, [data-component=payments] .region-partial_outage").First.GetAttributeAsync("data-region"));
        Assert.Equal(0, sockets);

        // Every sandbox endpoint down in sg, the ping included: the device cannot reach the platform either.
        (await admin.PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "*", fault = "outage" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await page.Locator(".selfcheck-form button").ClickAsync();
        await Assertions.Expect(page.Locator(".selfcheck-ping")).ToHaveTextAsync("The payment platform could not be reached from your device");
        await context.CloseAsync();
    }

    [Fact]
    public async Task WithoutJavaScript_ChineseVerdictReadable_AndReportSubmits()
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            Locale = "zh-CN",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = "zh-CN,zh;q=0.9" },
            ViewportSize = new ViewportSize { Width = 1000, Height = 900 },
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{BaseUrl}/");
        Assert.Equal("服务状态", await page.Locator("h1").InnerTextAsync());
        Assert.False(await page.Locator(".selfcheck-form").IsVisibleAsync());
        Assert.Contains("开启 JavaScript", await page.Locator(".selfcheck").InnerTextAsync(), StringComparison.Ordinal);
        Assert.NotEmpty(await page.Locator(".verdict-text").InnerTextAsync());
        Assert.StartsWith("您的资金安全", await page.Locator(".advice li").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("重新支付前", await page.Locator(".advice li").Nth(1).InnerTextAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "public-zh-nojs");

        await page.Locator("#report select[name=symptom]").SelectOptionAsync("payment-slow");
        await page.Locator("#report textarea").FillAsync("<script>alert(1)</script> 很慢");
        await page.Locator("#report button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**reported=thanks**", new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });

        Assert.Equal("感谢您的反馈，我们已记录。", await page.Locator(".report-outcome").InnerTextAsync());
        Assert.DoesNotContain("<script>alert(1)</script>", await page.ContentAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "public-zh-reported");

        // A version that is not one comes back beside its field, in Chinese, with what was typed still there.
        await page.Locator("#report input[name=appVersion]").FillAsync("最新版");
        await page.Locator("#report textarea").FillAsync("付款后一直转圈");
        await page.Locator("#report button[type=submit]").ClickAsync();
        await page.Locator("#report-error-appVersion").WaitForAsync();
        Assert.Equal("请按数字加点的格式填写应用版本（如 5.2.1），或留空。", await page.Locator("#report-error-appVersion").InnerTextAsync());
        Assert.Equal("true", await page.Locator("#report input[name=appVersion]").GetAttributeAsync("aria-invalid"));
        Assert.Equal("付款后一直转圈", await page.Locator("#report textarea").InputValueAsync());
        Assert.Equal("反馈未能提交，请检查填写内容。", await page.Locator(".report-outcome").InnerTextAsync());
        await Browser.ScreenshotAsync(page, "public-zh-report-field-error");
        await context.CloseAsync();
    }

    [Fact]
    public async Task LanguageSwitch_RemembersTheChoice()
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{BaseUrl}/");
        await page.Locator("a.language").ClickAsync();
        await page.WaitForURLAsync("**lang=zh-CN**", new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.GotoAsync($"{BaseUrl}/status");

        Assert.Equal("服务状态", await page.Locator("h1").InnerTextAsync());
        await context.CloseAsync();
    }
}
