using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace StatusBoard.Tests.Web;

/// <summary>
/// Every public page a wallet user may land on, in both languages at a phone's width, checked by axe-core in Chromium:
/// no violation of serious or critical impact. A screenshot of each is kept to be looked at.
/// </summary>
[Trait("Surface", "browser")]
public sealed class PublicAccessibilityTests : IAsyncLifetime
{
    // A mail server and the page's address are configured, so the page offers its subscribe form (nothing is sent).
    private readonly StatusBoardApp _app = new(new Dictionary<string, string?>
    {
        ["StatusBoard:Page:Url"] = "https://status.example",
        ["StatusBoard:Notifications:Smtp:Host"] = "127.0.0.1",
        ["StatusBoard:Notifications:Smtp:Port"] = "9",
    });
    private Browser _browser = null!;
    private string _incident = "";

    private string BaseUrl => _app.ClientOptions.BaseAddress.ToString().TrimEnd('/');

    public async ValueTask InitializeAsync()
    {
        var admin = _app.Client(admin: true);
        using var created = await admin.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Card payments are slow", message = "We are looking into **slow** card payments.", impact = "minor", components = new[] { "payments" },
        }, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
        _incident = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).Text("id");
        // Someone who subscribed and follows the link of the confirmation message.
        var now = TimeProvider.System.GetUtcNow();
        await _app.Services.GetRequiredService<StatusBoard.Web.Subscribers.SubscriberStore>().SaveAsync(
            new StatusBoard.Web.Subscribers.Subscriber("a11ysubscriber", "email", "reader@example.com", [], "zh-CN", "c0nfirm-t0ken", now) { ConfirmationSentAt = now },
            TestContext.Current.CancellationToken);
        _browser = await Browser.LaunchAsync();
    }

    public static TheoryData<string, string> Pages => new()
    {
        { "/", "status" }, { "/history", "history" }, { "/incidents/{incident}", "incident" }, { "/no-such-page", "missing" },
        { "/subscribers/confirm?id=a11ysubscriber&token=c0nfirm-t0ken", "subscribe-confirm" }, { "/subscribers/pending", "subscribe-pending" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task PublicPage_HasNoSeriousOrCriticalViolation_InEitherLanguage_OnAPhone(string path, string name)
    {
        foreach (var language in (string[])["zh-CN", "en"])
        {
            var context = await _browser.Chromium.NewContextAsync(new BrowserNewContextOptions
            {
                Locale = language, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
            });
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync($"{BaseUrl}{path.Replace("{incident}", _incident, StringComparison.Ordinal)}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}lang={language}",
                new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.Equal(name == "missing" ? 404 : 200, response!.Status);
            Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));

            var result = await page.RunAxe();
            await Browser.ScreenshotAsync(page, $"a11y-{name}-{language}-390");
            await context.CloseAsync();

            // axe ran its rules on the page: the ones that cannot pass without a language and a title did.
            Assert.Contains(result.Passes, rule => rule.Id == "html-has-lang");
            Assert.Contains(result.Passes, rule => rule.Id == "document-title");
            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
            Assert.True(serious.Count == 0, $"{path} in {language}:\n{string.Join("\n", serious)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
    }
}
