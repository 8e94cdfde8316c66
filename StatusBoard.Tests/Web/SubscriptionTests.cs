using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StatusBoard.Web.Api;

namespace StatusBoard.Tests.Web;

/// <summary>
/// Wallet users subscribe to the public page with a loopback SMTP server as their inbox: one confirmation and nothing
/// else until confirmed; then one mail per public change of an incident on their component, in their language, with the
/// RFC 8058 headers; a restart between changes loses and repeats nothing; one POST to the unsubscribe link ends it. A
/// webhook subscriber receives the Statuspage-style JSON once per change.
/// </summary>
public sealed partial class SubscriptionTests : IAsyncLifetime
{
    private const string Site = "https://status.example";
    private readonly LoopbackSmtp _smtp = new();
    private readonly ConcurrentQueue<string> _webhook = new();
    private LoopbackServer _receiver = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await LoopbackServer.StartAsync(map => map.MapPost("/hooks/status", async (HttpContext http) =>
    {
        using var reader = new StreamReader(http.Request.Body);
        _webhook.Enqueue(await reader.ReadToEndAsync(http.RequestAborted));
        return Results.Ok();
    }));

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["StatusBoard:Page:Url"] = Site,
        ["StatusBoard:Notifications:PollInterval"] = "00:00:00.100",
        ["StatusBoard:Notifications:RetryDelay"] = "00:00:00.200",
        ["StatusBoard:Notifications:Smtp:Host"] = "127.0.0.1",
        ["StatusBoard:Notifications:Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["StatusBoard:Notifications:Smtp:Security"] = "none",
        ["StatusBoard:Subscribers:PerNetworkLimit"] = "20",
    };

    [Fact]
    public async Task AnEmailSubscriber_ConfirmsHearsEachChangeInChineseAcrossARestart_AndUnsubscribesWithOnePost()
    {
        var app = new StatusBoardApp(Settings());
        var client = app.Client();
        var subscribed = await client.PostAsJsonAsync("/api/v1/subscribers", new { email = "Li.Wei@example.com", components = new[] { "payments" }, lang = "zh-CN" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, subscribed.StatusCode);
        // Asked again at once: the same answer, and no second message to that inbox.
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/v1/subscribers", new { email = "li.wei@example.com", lang = "zh-CN" }, Ct)).StatusCode);

        var confirmation = await MailAsync(1, "the confirmation");
        Assert.Equal("<li.wei@example.com>", Assert.Single(_smtp.Messages).To.Single());
        Assert.Contains("请确认订阅", confirmation.Subject, StringComparison.Ordinal);
        Assert.Null(confirmation.Headers["List-Unsubscribe"]);

        // Before confirming, an incident on payments sends nothing to the address.
        var operatorKey = await OperatorAsync(app);
        var opened = await operatorKey.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = new Dictionary<string, string> { ["en"] = "Card payments failing", ["zh-CN"] = "银行卡支付失败" },
            message = new Dictionary<string, string> { ["en"] = "We are looking into it.", ["zh-CN"] = "我们正在排查。" },
            components = new[] { "payments" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("id");
        var admin = app.Client(admin: true);
        var before = await admin.GetJsonAsync("/api/v1/subscribers");
        Assert.Equal((0, 1), (before.GetProperty("email").GetInt32(), before.GetProperty("pending").GetInt32()));
        Assert.Equal(0, before.GetProperty("deliveries").GetProperty("waiting").GetInt32());

        // The link in the message: a page with one button (a mail scanner's GET confirms nothing), then the POST.
        var link = new Uri(LinkIn(confirmation.Text, "confirm"));
        var page = await client.GetStringAsync(link.PathAndQuery, Ct);
        Assert.Contains("data-action=\"confirm\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("li.wei", page, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await admin.GetJsonAsync("/api/v1/subscribers")).GetProperty("email").GetInt32());
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        var confirmed = await client.PostAsync("/subscribers/confirm?lang=zh-CN", new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = query["id"]!, ["token"] = query["token"]! }), Ct);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("订阅成功", await confirmed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(1, (await admin.GetJsonAsync("/api/v1/subscribers")).GetProperty("email").GetInt32());

        // A public update: one mail, in Chinese, with the one-click headers.
        (await operatorKey.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "identified", message = new Dictionary<string, string> { ["en"] = "A bank's switch is down.", ["zh-CN"] = "一家银行的交换机故障。" } }, Ct)).EnsureSuccessStatusCode();
        var update = await MailAsync(2, "the update");
        Assert.Contains("银行卡支付失败", update.Subject, StringComparison.Ordinal);
        Assert.Contains("已定位原因", update.Subject, StringComparison.Ordinal);
        Assert.Contains("一家银行的交换机故障。", update.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("switch is down", update.Text, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", update.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = update.Headers["List-Unsubscribe"]!.Trim('<', '>');
        Assert.StartsWith($"{Site}/subscribers/unsubscribe?id=", unsubscribe, StringComparison.Ordinal);
        Assert.Contains(unsubscribe, update.Text, StringComparison.Ordinal);
        // An internal note is not a public change.
        (await operatorKey.PostAsJsonAsync($"/api/v1/incidents/{id}/notes", new { message = "bank ticket 4711" }, Ct)).EnsureSuccessStatusCode();
        await app.DisposeAsync();

        // Restarted: the resolution is one more mail, and nothing before it is sent again.
        await using var restarted = app.Restarted();
        var again = await OperatorAsync(restarted);
        (await again.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "resolved", message = "支付已恢复。" }, Ct)).EnsureSuccessStatusCode();
        var resolved = await MailAsync(3, "the resolution after the restart");
        Assert.Contains("已恢复", resolved.Subject, StringComparison.Ordinal);
        Assert.Equal(3, _smtp.Messages.Select(m => m.Data).Distinct().Count());

        // One POST to the link, as a mail client sends it (RFC 8058): gone, and nothing more is sent.
        var stopped = await restarted.Client().PostAsync(new Uri(unsubscribe).PathAndQuery,
            new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded"), Ct);
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        var counts = await restarted.Client(admin: true).GetJsonAsync("/api/v1/subscribers");
        Assert.Equal((0, 0), (counts.GetProperty("email").GetInt32(), counts.GetProperty("pending").GetInt32()));
        var later = await again.PostAsJsonAsync("/api/v1/incidents", new { title = "Top-ups slow", message = "Looking.", components = new[] { "payments" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.Equal(0, (await restarted.Client(admin: true).GetJsonAsync("/api/v1/subscribers")).GetProperty("deliveries").GetProperty("waiting").GetInt32());
        Assert.Equal(3, _smtp.Messages.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await restarted.Client().PostAsync(new Uri(unsubscribe).PathAndQuery, null, Ct)).StatusCode);
    }

    [Fact]
    public async Task AWebhookSubscriber_ReceivesTheStatuspageJsonOncePerChange_ARelapseIncluded_OnlyForItsComponents()
    {
        await using var app = new StatusBoardApp(Settings());
        var subscribed = await app.Client().PostAsJsonAsync("/api/v1/subscribers", new { webhook = $"{_receiver.Address}/hooks/status", components = new[] { "payments" } }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, subscribed.StatusCode);
        var operatorKey = await OperatorAsync(app);

        // Balance is not followed: nothing for it.
        (await operatorKey.PostAsJsonAsync("/api/v1/incidents", new { title = "Balance stale", message = "Looking.", components = new[] { "balance" } }, Ct)).EnsureSuccessStatusCode();
        var opened = await operatorKey.PostAsJsonAsync("/api/v1/incidents", new { title = "Card payments failing", message = "Looking.", impact = "major", components = new[] { "payments" } }, Ct);
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("id");
        (await operatorKey.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "resolved", message = "Fixed." }, Ct)).EnsureSuccessStatusCode();
        // It comes back and is resolved again: the second resolution is news as well.
        (await operatorKey.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "investigating", message = "Failing again." }, Ct)).EnsureSuccessStatusCode();
        (await operatorKey.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "resolved", message = "Fixed for good." }, Ct)).EnsureSuccessStatusCode();

        await Wait.ForAsync(() => Task.FromResult(_webhook.Count), count => count >= 4, "opened, resolved, reopened and resolved again at the webhook");
        await Wait.ForAsync(() => app.Client(admin: true).GetJsonAsync("/api/v1/subscribers"), c => c.GetProperty("deliveries").GetProperty("waiting").GetInt32() == 0, "nothing left to send");
        var bodies = _webhook.Select(b => JsonDocument.Parse(b).RootElement).ToList();
        Assert.Equal(4, bodies.Count);
        Assert.All(bodies, b => Assert.Equal(id, b.GetProperty("incident").Text("id")));
        Assert.Equal(["investigating", "resolved", "investigating", "resolved"], bodies.Select(b => b.GetProperty("incident").Text("status")));
        Assert.Equal("major", bodies[0].GetProperty("incident").Text("impact"));
        Assert.StartsWith($"{Site}/subscribers/unsubscribe?id=", bodies[0].GetProperty("meta").Text("unsubscribe"), StringComparison.Ordinal);
        Assert.True(bodies[0].GetProperty("page").TryGetProperty("status_indicator", out _));
        Assert.Equal("Card payments failing", bodies[0].GetProperty("incident").Text("name"));
        Assert.True(bodies[0].GetProperty("incident").GetProperty("incident_updates").GetArrayLength() >= 1);
    }

    [Fact]
    public async Task AWebhookSubscriber_HearsMaintenanceAnnouncedStartedAndCompleted_OnceEach()
    {
        await using var app = new StatusBoardApp(Settings());
        (await app.Client().PostAsJsonAsync("/api/v1/subscribers", new { webhook = $"{_receiver.Address}/hooks/status" }, Ct)).EnsureSuccessStatusCode();
        var now = TimeProvider.System.GetUtcNow();
        var created = await app.Client(admin: true).PostAsJsonAsync("/api/v1/maintenance", new
        {
            title = new Dictionary<string, string> { ["en"] = "Card gateway upgrade", ["zh-CN"] = "银行卡通道升级" },
            components = new[] { "payments" },
            startsAt = now.AddSeconds(3),
            endsAt = now.AddSeconds(5),
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await Wait.ForAsync(() => Task.FromResult(_webhook.Count), count => count >= 3, "announced, started and completed", TimeSpan.FromSeconds(30));
        var statuses = _webhook.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("incident")).ToList();
        Assert.Equal(["scheduled", "in_progress", "completed"], statuses.Select(i => i.Text("status")));
        Assert.All(statuses, i => Assert.Equal("Card gateway upgrade", i.Text("name")));
        Assert.NotNull(statuses[0].Text("scheduled_for"));
    }

    [Fact]
    public async Task BadSubscriptions_AreRefusedPerField_AndNothingIsKept()
    {
        await using var app = new StatusBoardApp(Settings());
        async Task<JsonElement> RefusedAsync(object body)
        {
            var answer = await app.Client().PostAsJsonAsync("/api/v1/subscribers", body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            return (await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        }

        Assert.True((await RefusedAsync(new { email = "not-an-address" })).TryGetProperty("email", out _));
        Assert.True((await RefusedAsync(new { email = "a@example.com", webhook = "https://hooks.example/x" })).TryGetProperty("email", out _));
        Assert.True((await RefusedAsync(new { email = "a@example.com", components = new[] { "nope" } })).TryGetProperty("components", out _));
        Assert.True((await RefusedAsync(new { email = "a@example.com", lang = "fr" })).TryGetProperty("lang", out _));
        Assert.True((await RefusedAsync(new { webhook = "ftp://hooks.example/x" })).TryGetProperty("webhook", out _));
        var metadata = await RefusedAsync(new { webhook = "http://169.254.169.254/latest/meta-data" });
        Assert.Contains("may not reach", metadata.GetProperty("webhook")[0].GetString(), StringComparison.Ordinal);
        var counts = await app.Client(admin: true).GetJsonAsync("/api/v1/subscribers");
        Assert.Equal((0, 0, 0), (counts.GetProperty("email").GetInt32(), counts.GetProperty("pending").GetInt32(), counts.GetProperty("webhook").GetInt32()));
        Assert.Empty(_smtp.Messages);

        // Counts are for admins; a link with a wrong token changes nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().GetAsync("/api/v1/subscribers", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/subscribers/confirm?id=abc&token=def", Ct)).StatusCode);
    }

    [Fact]
    public async Task TheFormOnThePage_WorksWithoutJavaScript_AndIsLimitedPerNetwork()
    {
        var settings = Settings();
        settings["StatusBoard:Subscribers:PerNetworkLimit"] = "2";
        await using var app = new StatusBoardApp(settings);
        var front = await Wait.ForAsync(() => app.Client().GetStringAsync("/?lang=zh-CN", Ct), p => p.Contains("id=\"subscribe\"", StringComparison.Ordinal), "the page");
        Assert.Contains("action=\"/subscribe?lang=zh-CN\"", front, StringComparison.Ordinal);

        using var browser = app.Client(followRedirects: false);
        var bad = await browser.PostAsync("/subscribe?lang=zh-CN", new FormUrlEncodedContent([new("email", "not-an-address"), new("lang", "zh-CN")]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var refused = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Contains("请输入有效的电子邮箱", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"not-an-address\"", refused, StringComparison.Ordinal);

        var taken = await browser.PostAsync("/subscribe?lang=zh-CN", new FormUrlEncodedContent([new("email", "wang@example.com"), new("component", "payments"), new("lang", "zh-CN")]), Ct);
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal("/subscribers/pending?lang=zh-CN", taken.Headers.Location!.OriginalString);
        Assert.Contains("请查收邮件", await app.Client().GetStringAsync("/subscribers/pending?lang=zh-CN", Ct), StringComparison.Ordinal);

        var limited = await browser.PostAsync("/subscribe?lang=zh-CN", new FormUrlEncodedContent([new("email", "zhao@example.com"), new("lang", "zh-CN")]), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("lang=\"zh-CN\"", await limited.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await MailAsync(1, "the one confirmation");
        Assert.Single(_smtp.Messages);
    }

    private static async Task<HttpClient> OperatorAsync(StatusBoardApp app)
    {
        var (_, key) = await app.Services.GetRequiredService<ApiKeys>().CreateAsync($"ops-{Guid.NewGuid():N}", "operator", Ct);
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Waits for the <paramref name="count"/>th message and reads it as a mail client would.</summary>
    private async Task<(string Subject, string Text, MimeKit.HeaderList Headers)> MailAsync(int count, string what)
    {
        await Wait.ForAsync(() => Task.FromResult(_smtp.Messages.Count), n => n >= count, what);
        var data = _smtp.Messages.ElementAt(count - 1).Data;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(data));
        var message = await MimeKit.MimeMessage.LoadAsync(stream, Ct);
        return (message.Subject ?? "", message.TextBody ?? "", message.Headers);
    }

    private static string LinkIn(string text, string action) => Regex.Match(text, $@"https://status\.example/subscribers/{action}\?\S+").Value;
}
