using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// An admin's jobs in /ops, in Chromium, each outcome checked where it matters: a user added on the page signs in and,
/// once disabled there, no longer can; an API key and an agent key created on their pages work and, once revoked, are
/// refused; a channel added on the page is sent its test and then removed; signing out ends the session.
/// </summary>
[Trait("Surface", "browser")]
public sealed class AdminPagesBrowserTests : IAsyncLifetime
{
    private const string RobotSecret = "SECrobot-secret-0123";
    private readonly ConcurrentQueue<string> _hooks = new();
    private LoopbackServer _receiver = null!;
    private StatusBoardApp _app = null!;
    private Browser _browser = null!;

    private string BaseUrl => _app.ClientOptions.BaseAddress.ToString().TrimEnd('/');

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _receiver = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/hook", (HttpContext http) =>
            {
                _hooks.Enqueue(http.Request.Headers["X-StatusBoard-Event"].ToString());
                return Results.NoContent();
            });
            // A DingTalk robot: takes a message only with a valid signature, as DingTalk does.
            app.MapPost("/robot/send", async (HttpContext http) =>
            {
                var (timestamp, sign) = (http.Request.Query["timestamp"].ToString(), http.Request.Query["sign"].ToString());
                var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
                    System.Text.Encoding.UTF8.GetBytes(RobotSecret), System.Text.Encoding.UTF8.GetBytes($"{timestamp}\n{RobotSecret}")));
                var body = await System.Text.Json.JsonDocument.ParseAsync(http.Request.Body);
                if (sign != expected)
                {
                    return Results.Json(new { errcode = 310000, errmsg = "sign not match" });
                }

                _hooks.Enqueue("dingtalk:" + body.RootElement.GetProperty("markdown").GetProperty("title").GetString());
                return Results.Json(new { errcode = 0, errmsg = "ok" });
            });
        });
        _app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Notifications:PollInterval"] = "200ms",
            ["StatusBoard:Notifications:RetryDelay"] = "200ms",
        });
        _app.Client();
        _browser = await Browser.LaunchAsync();
    }

    private async Task<IPage> AdminPageAsync(string path)
    {
        var context = await _browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();
        await Browser.SignInAsync(page, BaseUrl, path);
        return page;
    }

    private HttpClient WithBearer(string key)
    {
        var client = _app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task AUserAddedOnThePage_SignsIn_AndOnceDisabledThereCannot()
    {
        var page = await AdminPageAsync("/ops/users");
        await page.FillAsync("[data-field=new-email]", "oncall@example.com");
        await page.FillAsync("[data-field=new-name]", "On call");
        await page.SelectOptionAsync("[data-field=new-role]", "operator");
        await page.FillAsync("[data-field=new-password]", "a long operator passphrase");
        await page.ClickAsync("[data-action=add-user]");
        var row = page.Locator("tr[data-user='oncall@example.com']");
        await Assertions.Expect(row).ToHaveCountAsync(1);

        using (var signedIn = await StatusBoardApp.SignInAsync(_app.CookieClient(), "oncall@example.com", "a long operator passphrase"))
        {
            Assert.Equal("/ops", signedIn.Headers.Location?.OriginalString);
        }

        await row.Locator("[data-field=disabled]").CheckAsync();
        await row.Locator("[data-action=save-user]").ClickAsync();
        await Wait.ForAsync(async () =>
        {
            using var refused = await StatusBoardApp.SignInAsync(_app.CookieClient(), "oncall@example.com", "a long operator passphrase");
            return refused.Headers.Location?.OriginalString ?? "";
        }, location => location.Contains("error=", StringComparison.Ordinal), "the disabled user refused at sign-in");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KeysCreatedOnTheirPages_Work_AndOnceRevokedAreRefused()
    {
        var page = await AdminPageAsync("/ops/keys");
        await page.FillAsync("[data-field=key-name]", "wallboard-7");
        await page.SelectOptionAsync("[data-field=key-role]", "viewer");
        await page.ClickAsync("[data-action=create-key]");
        var key = await page.Locator("code[data-key]").InnerTextAsync();
        Assert.Equal(HttpStatusCode.OK, (await WithBearer(key).GetAsync("/api/v1/results?limit=1", Ct)).StatusCode);
        await page.Locator("tr[data-key-name='wallboard-7'] [data-action=revoke-key]").ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-key-name='wallboard-7'] .confirm")).ToContainTextAsync("Revoke this key?");
        Assert.Equal(HttpStatusCode.OK, (await WithBearer(key).GetAsync("/api/v1/results?limit=1", Ct)).StatusCode);
        await page.Locator("tr[data-key-name='wallboard-7'] [data-action=confirm-revoke-key]").ClickAsync();
        await Wait.ForAsync(async () => (await WithBearer(key).GetAsync("/api/v1/results?limit=1", Ct)).StatusCode,
            status => status == HttpStatusCode.Unauthorized, "the revoked API key refused");

        await Browser.OpenAsync(page, $"{BaseUrl}/ops/agents");
        await page.FillAsync("[data-field=agent-region]", "sg");
        await page.FillAsync("[data-field=agent-name]", "sg-9");
        await page.ClickAsync("[data-action=create-agent-key]");
        var agentKey = await page.Locator("code[data-agent-key]").InnerTextAsync();
        Assert.Equal(HttpStatusCode.OK, (await WithBearer(agentKey).GetAsync("/api/v1/agent/probes", Ct)).StatusCode);
        await page.Locator("tr[data-agent-key-name='sg-9'] [data-action=revoke-agent-key]").ClickAsync();
        await page.Locator("tr[data-agent-key-name='sg-9'] [data-action=confirm-revoke-agent-key]").ClickAsync();
        await Wait.ForAsync(async () => (await WithBearer(agentKey).GetAsync("/api/v1/agent/probes", Ct)).StatusCode,
            status => status == HttpStatusCode.Unauthorized, "the revoked agent key refused");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AChannelAddedOnThePage_IsSentItsTest_AndIsRemovedThere_ThenSignOutEndsTheSession()
    {
        var admin = _app.Client(admin: true);
        var page = await AdminPageAsync("/ops/channels");
        await page.FillAsync("[data-field=name]", "oncall-hook");
        await page.SelectOptionAsync("[data-field=type]", "webhook");
        await page.FillAsync("[data-field=url]", _receiver.Address + "/hook");
        await page.ClickAsync("[data-action=save-channel]");
        var row = page.Locator("tr[data-channel=oncall-hook]:not([data-state])");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        Assert.Contains((await admin.GetJsonAsync("/api/v1/notification-channels")).EnumerateArray(), c => c.Text("name") == "oncall-hook");

        await row.Locator("[data-action=test-channel]").ClickAsync();
        await Wait.ForAsync(() => Task.FromResult(_hooks.ToArray()), hooks => hooks.Contains("test"), "the test message at the receiver");
        await row.Locator("[data-action=delete-channel]").ClickAsync();
        await row.Locator("[data-action=confirm-delete-channel]").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.DoesNotContain((await admin.GetJsonAsync("/api/v1/notification-channels")).EnumerateArray(), c => c.Text("name") == "oncall-hook");

        // A DingTalk robot: the type's own fields, its messages in Chinese by default, signed with its secret.
        await page.SelectOptionAsync("[data-field=type]", "dingtalk");
        await Assertions.Expect(page.Locator("[data-type-summary]")).ToContainTextAsync("DingTalk");
        await page.FillAsync("[data-field=name]", "oncall-dingtalk");
        await page.FillAsync("[data-field=url]", _receiver.Address + "/robot/send?access_token=abc");
        await page.FillAsync("[data-field=secret]", RobotSecret);
        await Assertions.Expect(page.Locator("[data-field=routingKey]")).ToHaveCountAsync(0);
        // Limited to payments' major incidents.
        await page.CheckAsync("input[data-component=payments]");
        await page.SelectOptionAsync("[data-field=minImpact]", "major");
        await page.ClickAsync("[data-action=save-channel]");
        var robot = page.Locator("tr[data-channel=oncall-dingtalk]:not([data-state])");
        await Assertions.Expect(robot).ToHaveCountAsync(1);
        var saved = (await admin.GetJsonAsync("/api/v1/notification-channels")).EnumerateArray().Single(c => c.Text("name") == "oncall-dingtalk");
        Assert.Equal(("dingtalk", true), (saved.Text("type"), saved.GetProperty("signed").GetBoolean()));
        Assert.Equal(("payments", "major"), (string.Join(",", saved.GetProperty("components").EnumerateArray().Select(c => c.GetString())), saved.Text("minImpact")));
        await robot.Locator("[data-action=test-channel]").ClickAsync();
        await Wait.ForAsync(() => Task.FromResult(_hooks.ToArray()), hooks => hooks.Contains("dingtalk:[测试消息] StatusBoard test message"), "the signed test message at the robot");

        await page.ClickAsync(".ops-signout button");
        await page.WaitForURLAsync(url => url.Contains("/signin", StringComparison.Ordinal), Browser.SignedIn);
        await page.GotoAsync($"{BaseUrl}/ops", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }
}
