using Microsoft.Playwright;

namespace StatusBoard.Tests.Web;

/// <summary>Every response says what it is, may not be framed, and lets pages run only this server's own scripts.</summary>
public sealed class SecurityHeadersTests : IAsyncDisposable
{
    private readonly StatusBoardApp _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task EveryKindOfResponse_CarriesTheSecurityHeaders()
    {
        var client = _app.Client(followRedirects: false);
        foreach (var path in (string[])["/", "/?lang=zh-CN&region=sg", "/history", "/history.atom", "/signin", "/ops", "/api/v2/summary.json",
                     "/api/v1/health", "/badges/payments/uptime.svg", "/app.css", "/status.js", "/no/such/page"])
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            AssertHeaders(path, response);
        }
    }

    private static void AssertHeaders(string path, HttpResponseMessage response)
    {
        foreach (var name in (string[])["Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"])
        {
            Assert.True(response.Headers.Contains(name), $"{path} ({(int)response.StatusCode}) has no {name}");
        }

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = policy.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal("base-uri 'self'", directives["base-uri"]);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData(null, "connect-src 'self'")]
    [InlineData("https://ping.wallet.example/ping?x=1", "connect-src 'self' https://ping.wallet.example")]
    [InlineData("/sandbox/ping", "connect-src 'self'")]
    [InlineData("javascript:alert(1)", "connect-src 'self'")]
    public void Policy_LetsTheSelfCheckReachOnlyThePingOrigin(string? pingUrl, string expected) =>
        Assert.Contains(expected + ";", StatusBoard.Web.Security.SecurityHeaders.Policy(pingUrl), StringComparison.Ordinal);

    [Fact]
    [Trait("Surface", "browser")]
    public async Task Browser_RunsThePagesWithoutAViolation_AndRefusesAnInjectedInlineScript()
    {
        _app.Client();
        var baseUrl = _app.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Chromium.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        page.PageError += (_, error) => violations.Add(error);

        await page.GotoAsync(baseUrl + "/");
        // The self-check's script runs and reaches this server and the ping URL: it ends with the verdict's advice.
        await page.ClickAsync(".selfcheck-form button[type=submit]");
        await page.Locator(".selfcheck-result p").Nth(3).WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var ranOnPublic = await InjectedScriptRanAsync(page);
        await Browser.SignInAsync(page, baseUrl, "/ops");
        // Live: the circuit's updates arrive over the WebSocket that connect-src 'self' allows.
        var first = await page.Locator(".dashboard").GetAttributeAsync("data-updated");
        await Assertions.Expect(page.Locator(".dashboard")).Not.ToHaveAttributeAsync("data-updated", first!, new LocatorAssertionsToHaveAttributeOptions { Timeout = 15_000 });
        var ranOnOps = await InjectedScriptRanAsync(page);
        var cspErrorsFromInjection = violations.Count(v => v.Contains("inline script", StringComparison.OrdinalIgnoreCase));

        Assert.False(ranOnPublic);
        Assert.False(ranOnOps);
        Assert.Equal(2, cspErrorsFromInjection);
        Assert.Equal(2, violations.Count);
    }

    /// <summary>What an injected &lt;script&gt; would do if text ever reached a page as markup.</summary>
    private static Task<bool> InjectedScriptRanAsync(IPage page) => page.EvaluateAsync<bool>(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__injected = true'; document.body.appendChild(s); return window.__injected === true; }");
}
