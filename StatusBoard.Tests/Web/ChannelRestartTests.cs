using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StatusBoard.Probes.Notifications;
using StatusBoard.Probes.Notifications.Channels;

namespace StatusBoard.Tests.Web;

/// <summary>
/// A channel of every type, each against its own path of one loopback fake (e-mail against a loopback SMTP server),
/// hears an outage's incident opened, acknowledged in StatusBoard and — after a restart in between — resolved: once each, with
/// the service's own action for each (PagerDuty trigger / acknowledge / resolve, Opsgenie create / acknowledge / close).
/// </summary>
public sealed class ChannelRestartTests : IAsyncLifetime
{
    private const string Answer = """{"errcode":0,"errmsg":"ok","code":0,"msg":"success","ok":true,"status":"success"}""";
    private readonly ConcurrentQueue<(string Type, string Path, string Body)> _received = new();
    private readonly LoopbackSmtp _smtp = new();
    private LoopbackServer _fake = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fake = await LoopbackServer.StartAsync(map => map.MapPost("/{type}/{**rest}", async (string type, string rest, HttpContext http) =>
    {
        using var reader = new StreamReader(http.Request.Body);
        _received.Enqueue((type, "/" + rest, await reader.ReadToEndAsync(http.RequestAborted)));
        return Results.Text(Answer, "application/json");
    }));

    public async ValueTask DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    /// <summary>Where each type is told to send: its own path on the fake, in the shape its service's address has.</summary>
    private Dictionary<string, string?> Channel(int index, string type) => new()
    {
        [$"StatusBoard:Notifications:Channels:{index}:Name"] = $"every-{type}",
        [$"StatusBoard:Notifications:Channels:{index}:Type"] = type,
        [$"StatusBoard:Notifications:Channels:{index}:Url"] = type switch
        {
            "email" => null,
            "dingtalk" => $"{_fake.Address}/dingtalk/robot/send?access_token=t0ken",
            "wecom" => $"{_fake.Address}/wecom/cgi-bin/webhook/send?key=k3y",
            _ => $"{_fake.Address}/{type}/hook",
        },
        [$"StatusBoard:Notifications:Channels:{index}:Secret"] = type is "dingtalk" or "feishu" or "webhook" ? "s1gning-secret" : null,
        [$"StatusBoard:Notifications:Channels:{index}:RoutingKey"] = type == "pagerduty" ? "R0UT1NG" : null,
        [$"StatusBoard:Notifications:Channels:{index}:ApiKey"] = type switch { "opsgenie" => "genie-key", "telegram" => "123:ABC", _ => null },
        [$"StatusBoard:Notifications:Channels:{index}:ChatId"] = type == "telegram" ? "-1001" : null,
        [$"StatusBoard:Notifications:Channels:{index}:To:0"] = type == "email" ? "oncall@example.com" : null,
        [$"StatusBoard:Notifications:Channels:{index}:Events:0"] = NotificationEvent.IncidentOpened,
        [$"StatusBoard:Notifications:Channels:{index}:Events:1"] = NotificationEvent.IncidentAcknowledged,
        [$"StatusBoard:Notifications:Channels:{index}:Events:2"] = NotificationEvent.IncidentResolved,
    };

    [Fact]
    public async Task EveryChannelType_HearsOpenAcknowledgeAndResolve_OnceEach_AcrossARestart()
    {
        var types = ChannelTypes.All.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        var settings = new Dictionary<string, string?>
        {
            ["StatusBoard:Incidents:ConfirmationPeriod"] = "00:00:01",
            ["StatusBoard:Incidents:RecoveryPeriod"] = "00:00:02",
            ["StatusBoard:Incidents:EvaluationInterval"] = "00:00:00.200",
            ["StatusBoard:Notifications:PollInterval"] = "00:00:00.200",
            ["StatusBoard:Notifications:RetryDelay"] = "00:00:00.200",
            ["StatusBoard:Notifications:BaseUrl"] = "https://status.example",
            ["StatusBoard:Notifications:Smtp:Host"] = "127.0.0.1",
            ["StatusBoard:Notifications:Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["StatusBoard:Notifications:Smtp:Security"] = "none",
        };
        foreach (var (type, index) in types.Select((t, i) => (t, i)))
        {
            foreach (var (key, value) in Channel(index, type).Where(s => s.Value is not null))
            {
                settings[key] = value;
            }
        }

        var app = new StatusBoardApp(settings);
        var admin = app.Client(admin: true);
        (await admin.PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "payments", fault = "outage" }, Ct)).EnsureSuccessStatusCode();
        await WaitForEveryType(types, 1, "the opening at every channel");
        var id = (await admin.GetJsonAsync("/api/v1/incidents"))[0].Text("id");
        (await admin.PostAsync($"/api/v1/incidents/{id}/acknowledge", null, Ct)).EnsureSuccessStatusCode();
        await WaitForEveryType(types, 2, "the acknowledgement at every channel");
        await app.DisposeAsync();

        // The restarted app has no fault switched on: the payments probe heals and the incident resolves by itself.
        await using var restarted = app.Restarted();
        restarted.Client();
        await WaitForEveryType(types, 3, "the resolution at every channel after the restart", TimeSpan.FromSeconds(45));

        // The outbox delivers oldest first, so a repeat of the opening or the acknowledgement would have come before the resolution.
        var byType = Received().ToLookup(r => r.Type);
        Assert.All(types, type => Assert.Equal(3, byType[type].Count()));
        Assert.All(types, type => Assert.Equal(3, byType[type].Select(r => r.Body).Distinct().Count()));
        Assert.Equal(["trigger", "acknowledge", "resolve"], byType["pagerduty"].Select(r => JsonDocument.Parse(r.Body).RootElement.Text("event_action")));
        Assert.Equal(["/hook/v2/alerts", $"/hook/v2/alerts/statusboard-{id}/acknowledge", $"/hook/v2/alerts/statusboard-{id}/close"], byType["opsgenie"].Select(r => r.Path));
        Assert.Equal(3, _smtp.Messages.Select(m => m.Data).Distinct().Count());
    }

    /// <summary>What every type received so far, e-mail included (its path is the message's delivery id).</summary>
    private List<(string Type, string Path, string Body)> Received() =>
        [.. _received, .. _smtp.Messages.Select(m => ("email", "smtp", m.Data))];

    /// <summary>Waits until every type has <paramref name="count"/> messages; a timeout names the types short of it.</summary>
    private Task WaitForEveryType(List<string> types, int count, string what, TimeSpan? deadline = null) =>
        Wait.ForAsync(() => Task.FromResult(string.Join(", ", types.Select(t => (Type: t, Count: Received().Count(r => r.Type == t))).Where(t => t.Count < count).Select(t => $"{t.Type} has {t.Count}"))),
            missing => missing.Length == 0, what, deadline ?? TimeSpan.FromSeconds(30));
}
