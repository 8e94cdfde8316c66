using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>/ops/agents in a real browser: an admin makes an sg agent key (shown once), an agent with it beats, the page lists it live; revoked, the key works no more.</summary>
[Trait("Surface", "browser")]
public sealed class AgentsPageBrowserTests : BrowserTest
{
    [Fact]
    public async Task AdminCreatesAnAgentKey_TheAgentShowsLive_AndRevokingTheKeyShutsItOut()
    {
        var page = await Chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await Browser.SignInAsync(page, BaseUrl, "/ops/agents");

        // Bad input is named, and makes nothing. (The form answers once the page's circuit is up: try until it does.)
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (await page.Locator("p.error").CountAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the agents page never answered the form");
            await page.FillAsync("[data-field=agent-region]", "Not a region");
            await page.FillAsync("[data-field=agent-name]", "sg-1");
            await page.ClickAsync("[data-action=create-agent-key]");
            await page.Locator("p.error").WaitForAsync(new LocatorWaitForOptions { Timeout = 1000 }).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await Assertions.Expect(page.Locator("p.error")).ToContainTextAsync("Give a region such as sg");
        Assert.Equal(0, await App.ScalarAsync<long>("SELECT COUNT(*) FROM agent_keys"));

        await page.FillAsync("[data-field=agent-region]", "sg");
        await page.FillAsync("[data-field=agent-name]", "sg-1");
        await page.ClickAsync("[data-action=create-agent-key]");
        var key = await page.Locator("[data-agent-key]").TextContentAsync();
        Assert.StartsWith("sba_", key, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("tr[data-agent-key-name=sg-1]")).ToContainTextAsync("never");

        using var agent = App.Client(followRedirects: false);
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        (await agent.PostAsJsonAsync("/api/v1/agent/heartbeat", new { instance = "sg-box-7" }, Ct)).EnsureSuccessStatusCode();

        await page.ReloadAsync();
        var row = page.Locator("tr[data-agent-instance=sg-box-7]");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "live");
        await Assertions.Expect(row).ToContainTextAsync("sg-1");
        Assert.DoesNotContain(key!, await page.ContentAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "ops-agents");
        // The line naming the web node shows only where several can share the database (PostgreSQL).
        Assert.Equal(App.PostgresConnectionString is null ? 0 : 1, await page.Locator(".ops-node").CountAsync());

        await page.ClickAsync("tr[data-agent-key-name=sg-1] [data-action=revoke-agent-key]");
        await page.ClickAsync("tr[data-agent-key-name=sg-1] [data-action=confirm-revoke-agent-key]");
        await Assertions.Expect(page.Locator("tr[data-agent-key-name=sg-1]")).ToContainTextAsync("revoked");
        using var refused = await agent.PostAsJsonAsync("/api/v1/agent/heartbeat", new { instance = "sg-box-7" }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
