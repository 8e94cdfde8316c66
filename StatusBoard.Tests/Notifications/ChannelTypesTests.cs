using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Notifications;
using StatusBoard.Probes.Notifications.Channels;

namespace StatusBoard.Tests.Notifications;

/// <summary>
/// Each channel type against a loopback fake of its service that checks what the real one checks: the documented
/// request shape, the signature computed the way the service verifies it, and the answer judged the way the service
/// means it (chat robots answer 200 with an error code).
/// </summary>
public sealed class ChannelTypesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 30, 0, TimeSpan.Zero);
    private readonly ConcurrentQueue<(string Path, string Query, Dictionary<string, string> Headers, JsonElement Body)> _received = new();
    private LoopbackServer _fake = null!;
    private string _answer = """{"errcode":0,"errmsg":"ok","code":0,"msg":"success","ok":true,"status":"success"}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fake = await LoopbackServer.StartAsync(map => map.MapPost("/{**path}", async (HttpContext http) =>
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync();
        _received.Enqueue((http.Request.Path, http.Request.QueryString.Value ?? "", http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            JsonDocument.Parse(text).RootElement.Clone()));
        return Results.Text(_answer, "application/json");
    }));

    public ValueTask DisposeAsync() => _fake.DisposeAsync();

    [Fact]
    public async Task DingTalk_SignsAsDingTalkChecks_SendsMarkdownInChinese_AndAnErrcodeIsAFailure()
    {
        const string Secret = "SEC0123456789abcdef";
        await SendAsync(new ChannelOptions { Type = "dingtalk", Url = $"{_fake.Address}/robot/send?access_token=t0k", Secret = Secret }, Opened());

        var (path, query, _, body) = Single();
        Assert.Equal("/robot/send", path);
        var parameters = System.Web.HttpUtility.ParseQueryString(query);
        Assert.Equal("t0k", parameters["access_token"]);
        var timestamp = parameters["timestamp"]!;
        Assert.Equal(Now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        // DingTalk's check: Base64(HMAC-SHA256 keyed with the secret, of timestamp + "\n" + secret).
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}\n{Secret}")));
        Assert.Equal(expected, parameters["sign"]);
        Assert.Contains("sign=" + Uri.EscapeDataString(expected), query, StringComparison.Ordinal);
        Assert.Equal("markdown", body.Text("msgtype"));
        var text = body.GetProperty("markdown").Text("text");
        Assert.Contains("[新故障] Payments failing in sg", text, StringComparison.Ordinal);
        Assert.Contains("影响: 较大", text, StringComparison.Ordinal);
        Assert.Contains("地区: sg", text, StringComparison.Ordinal);
        Assert.Contains("失败类别: server 12", text, StringComparison.Ordinal);
        Assert.Contains("(https://status.example/ops/incidents/inc-7)", text, StringComparison.Ordinal);

        _answer = """{"errcode":310000,"errmsg":"sign not match"}""";
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(new ChannelOptions { Type = "dingtalk", Url = $"{_fake.Address}/robot/send", Secret = Secret }, Opened()));
        Assert.Contains("310000", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeCom_SendsMarkdown_InEnglishWhenTheChannelSaysSo()
    {
        await SendAsync(new ChannelOptions { Type = "wecom", Url = $"{_fake.Address}/cgi-bin/webhook/send?key=k", Lang = "en" }, Opened());

        var (_, query, _, body) = Single();
        Assert.Equal("?key=k", query);
        Assert.Equal("markdown", body.Text("msgtype"));
        Assert.Contains("**[Incident opened] Payments failing in sg**", body.GetProperty("markdown").Text("content"), StringComparison.Ordinal);
        Assert.Contains("Impact: <font color=\"comment\">major</font>", body.GetProperty("markdown").Text("content"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feishu_SignsAsFeishuChecks_AndSendsACard()
    {
        const string Secret = "feishu-secret";
        await SendAsync(new ChannelOptions { Type = "feishu", Url = $"{_fake.Address}/open-apis/bot/v2/hook/abc", Secret = Secret }, Opened());

        var (path, _, _, body) = Single();
        Assert.Equal("/open-apis/bot/v2/hook/abc", path);
        var timestamp = body.Text("timestamp");
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        // Feishu's check: Base64(HMAC-SHA256 keyed with timestamp + "\n" + secret, of an empty message).
        Assert.Equal(Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes($"{timestamp}\n{Secret}"), Array.Empty<byte>())), body.Text("sign"));
        Assert.Equal("interactive", body.Text("msg_type"));
        Assert.Equal("[新故障] Payments failing in sg", body.GetProperty("card").GetProperty("header").GetProperty("title").Text("content"));

        _answer = """{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}""";
        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(new ChannelOptions { Type = "feishu", Url = $"{_fake.Address}/hook", Secret = Secret }, Opened()));
    }

    [Fact]
    public async Task PagerDuty_TriggersAcknowledgesAndResolvesOneDedupKey_SeverityFromImpact()
    {
        var channel = new ChannelOptions { Type = "pagerduty", Url = $"{_fake.Address}/v2/enqueue", RoutingKey = "R0UT1NGKEY" };
        await SendAsync(channel, Opened());
        await SendAsync(channel, Opened() with { Id = "inc-7:acknowledged", Type = NotificationEvent.IncidentAcknowledged });
        await SendAsync(channel, Opened() with { Id = "inc-7:resolved", Type = NotificationEvent.IncidentResolved, Status = "resolved" });

        var sent = _received.ToList();
        Assert.Equal(["trigger", "acknowledge", "resolve"], sent.Select(r => r.Body.Text("event_action")));
        Assert.All(sent, r => Assert.Equal(("/v2/enqueue", "R0UT1NGKEY", "statusboard:inc-7"), (r.Path, r.Body.Text("routing_key"), r.Body.Text("dedup_key"))));
        var payload = sent[0].Body.GetProperty("payload");
        Assert.Equal(("error", "statusboard", "[Incident opened] Payments failing in sg"), (payload.Text("severity"), payload.Text("source"), payload.Text("summary")));
        Assert.Equal("https://status.example/ops/incidents/inc-7", sent[0].Body.GetProperty("links")[0].Text("href"));
        Assert.False(sent[2].Body.TryGetProperty("payload", out _));
    }

    [Fact]
    public async Task Opsgenie_CreatesByAlias_ClosesByAlias_WithTheGenieKey()
    {
        var channel = new ChannelOptions { Type = "opsgenie", Url = _fake.Address, ApiKey = "genie-123" };
        await SendAsync(channel, Opened());
        await SendAsync(channel, Opened() with { Id = "inc-7:resolved", Type = NotificationEvent.IncidentResolved, Status = "resolved" });

        var sent = _received.ToList();
        Assert.Equal(["/v2/alerts", "/v2/alerts/statusboard-inc-7/close"], sent.Select(r => r.Path));
        Assert.Equal("?identifierType=alias", sent[1].Query);
        Assert.All(sent, r => Assert.Equal("GenieKey genie-123", r.Headers["Authorization"]));
        Assert.Equal(("statusboard-inc-7", "P2"), (sent[0].Body.Text("alias"), sent[0].Body.Text("priority")));
    }

    [Fact]
    public async Task TeamsTelegramAndDiscord_SendTheirOwnShapes()
    {
        await SendAsync(new ChannelOptions { Type = "teams", Url = $"{_fake.Address}/workflows/run" }, Opened());
        await SendAsync(new ChannelOptions { Type = "telegram", Url = _fake.Address, ApiKey = "123:ABC", ChatId = "-1001" }, Opened());
        await SendAsync(new ChannelOptions { Type = "discord", Url = $"{_fake.Address}/api/webhooks/1/x" }, Opened() with { Title = "@everyone Payments failing" });

        var sent = _received.ToList();
        var card = sent[0].Body.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", card.Text("contentType"));
        Assert.Equal(("AdaptiveCard", "FactSet"), (card.GetProperty("content").Text("type"), card.GetProperty("content").GetProperty("body")[1].Text("type")));
        Assert.Equal(("/bot123:ABC/sendMessage", "-1001"), (sent[1].Path, sent[1].Body.Text("chat_id")));
        Assert.StartsWith("[Incident opened] Payments failing in sg", sent[1].Body.Text("text"), StringComparison.Ordinal);
        Assert.Equal(0, sent[2].Body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.Equal("https://status.example/ops/incidents/inc-7", sent[2].Body.GetProperty("embeds")[0].Text("url"));
    }

    [Fact]
    public void EveryType_ValidatesWhatItNeeds_ByField()
    {
        Assert.Contains("routingKey", Errors(new ChannelOptions { Name = "pd", Type = "pagerduty" }));
        Assert.Contains("apiKey", Errors(new ChannelOptions { Name = "tg", Type = "telegram", ChatId = "1" }));
        Assert.Contains("chatId", Errors(new ChannelOptions { Name = "tg", Type = "telegram", ApiKey = "1:a" }));
        Assert.Contains("url", Errors(new ChannelOptions { Name = "dd", Type = "dingtalk" }));
        Assert.Contains("url", Errors(new ChannelOptions { Name = "dd", Type = "dingtalk", Url = "ftp://x" }));
        Assert.Contains("lang", Errors(new ChannelOptions { Name = "dd", Type = "dingtalk", Url = "https://oapi.dingtalk.com/robot/send", Lang = "fr" }));
        Assert.Contains("type", Errors(new ChannelOptions { Name = "x", Type = "pager" }));
        Assert.Empty(Errors(new ChannelOptions { Name = "pd", Type = "pagerduty", RoutingKey = "k" }));
        Assert.Equal(11, ChannelTypes.All.Select(t => t.Name).Distinct().Count());
    }

    private static IEnumerable<string> Errors(ChannelOptions channel) => ChannelDirectory.Validate(channel).Fields;

    private static NotificationEvent Opened() => new("inc-7:opened", NotificationEvent.IncidentOpened, Now, "Payments failing in sg", "investigating", "/incidents/inc-7",
        JsonSerializer.SerializeToElement(new
        {
            incident = "inc-7", impact = "major", scope = "regional", regions = new[] { "sg" }, components = new[] { "payments" },
            categories = new Dictionary<string, long> { ["server"] = 12 },
        }, Json.Options));

    private (string Path, string Query, Dictionary<string, string> Headers, JsonElement Body) Single()
    {
        Assert.Single(_received);
        return _received.First();
    }

    /// <summary>One delivery the way the dispatcher makes it: through the outbox's shape, the channel's type and language.</summary>
    private static async Task SendAsync(ChannelOptions channel, NotificationEvent notification)
    {
        var type = ChannelTypes.Find(channel.Type)!;
        var item = new Outbox.Item($"{notification.Id}:test", notification.Id, "test", notification.Type, Json.Serialize(notification), 0);
        using var http = new HttpClient();
        await type.SendAsync(ChannelDelivery.For(item, type, channel, http, new NotificationOptions { BaseUrl = "https://status.example" }, Now), Ct);
    }
}
