using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StatusBoard.Probes.Notifications;

namespace StatusBoard.Tests.Web;

/// <summary>Signed webhooks for incidents, delivered through the outbox: once each, and not lost across a restart.</summary>
public sealed class NotificationTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-tests";
    private readonly ConcurrentQueue<(string Delivery, string Event, string Signature, string Body)> _received = new();
    private volatile bool _failing;
    private int _refused;
    private LoopbackServer _receiver = null!;

    public async ValueTask InitializeAsync() =>
        _receiver = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            if (_failing)
            {
                Interlocked.Increment(ref _refused);
                return Results.StatusCode(500);
            }

            _received.Enqueue((http.Request.Headers["X-StatusBoard-Delivery"].ToString(), http.Request.Headers["X-StatusBoard-Event"].ToString(),
                http.Request.Headers["X-StatusBoard-Signature"].ToString(), body));
            return Results.NoContent();
        }));

    private StatusBoardApp App() => new(new Dictionary<string, string?>
    {
        ["StatusBoard:Incidents:ConfirmationPeriod"] = "00:00:01",
        ["StatusBoard:Incidents:RecoveryPeriod"] = "00:00:02",
        ["StatusBoard:Incidents:EvaluationInterval"] = "00:00:00.200",
        ["StatusBoard:Notifications:PollInterval"] = "00:00:00.200",
        ["StatusBoard:Notifications:RetryDelay"] = "00:00:00.200",
        ["StatusBoard:Notifications:Channels:0:Name"] = "ops-hook",
        ["StatusBoard:Notifications:Channels:0:Type"] = "webhook",
        ["StatusBoard:Notifications:Channels:0:Url"] = _receiver.Address + "/hook",
        ["StatusBoard:Notifications:Channels:0:Secret"] = Secret,
    });

    [Fact]
    public async Task AnIncidentNobodyAcknowledges_EscalatesToTheEscalationChannel_Once()
    {
        await using var app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Incidents:ConfirmationPeriod"] = "00:00:01",
            ["StatusBoard:Incidents:EvaluationInterval"] = "00:00:00.200",
            ["StatusBoard:Notifications:PollInterval"] = "00:00:00.200",
            ["StatusBoard:Notifications:Channels:0:Name"] = "chat",
            ["StatusBoard:Notifications:Channels:0:Type"] = "webhook",
            ["StatusBoard:Notifications:Channels:0:Url"] = _receiver.Address + "/hook",
            ["StatusBoard:Notifications:Channels:0:Events:0"] = NotificationEvent.IncidentOpened,
            ["StatusBoard:Notifications:Channels:0:EscalateAfter"] = "2s",
            ["StatusBoard:Notifications:Channels:0:EscalateTo"] = "pager",
            ["StatusBoard:Notifications:Channels:1:Name"] = "pager",
            ["StatusBoard:Notifications:Channels:1:Type"] = "webhook",
            ["StatusBoard:Notifications:Channels:1:Url"] = _receiver.Address + "/hook",
            ["StatusBoard:Notifications:Channels:1:Events:0"] = NotificationEvent.IncidentEscalated,
        });
        var admin = app.Client(admin: true);

        await Switch(admin, "outage");
        Wait.For(() => _received.Any(r => r.Event == NotificationEvent.IncidentEscalated), "the escalation to the pager channel", TimeSpan.FromSeconds(40));

        var opened = Assert.Single(_received, r => r.Event == NotificationEvent.IncidentOpened);
        var escalated = Assert.Single(_received, r => r.Event == NotificationEvent.IncidentEscalated);
        Assert.EndsWith(":escalated:chat", escalated.Delivery, StringComparison.Ordinal);
        Assert.Equal(opened.Delivery.Split(':')[0], escalated.Delivery.Split(':')[0]);
        await Switch(admin, "none");
    }

    [Fact]
    public async Task Incident_SendsOneSignedOpenedAndOneResolved()
    {
        using var app = App();
        var admin = app.Client(admin: true);

        await Switch(admin, "outage");
        Wait.For(() => _received.Any(r => r.Event == NotificationEvent.IncidentOpened), "the opened webhook", TimeSpan.FromSeconds(30));
        await Switch(admin, "none");
        Wait.For(() => _received.Any(r => r.Event == NotificationEvent.IncidentResolved), "the resolved webhook", TimeSpan.FromSeconds(30));

        Assert.Single(_received, r => r.Event == NotificationEvent.IncidentOpened);
        Assert.Single(_received, r => r.Event == NotificationEvent.IncidentResolved);
        Assert.Equal(_received.Count, _received.Select(r => r.Delivery).Distinct().Count());
        Assert.All(_received, r => Assert.Equal(StatusBoard.Probes.Notifications.Channels.WebhookChannel.Sign(Secret, r.Body), r.Signature));
        var opened = JsonDocument.Parse(_received.First(r => r.Event == NotificationEvent.IncidentOpened).Body).RootElement;
        Assert.Equal("investigating", opened.GetProperty("status").GetString());
        Assert.Equal("regional", opened.GetProperty("data").GetProperty("scope").GetString());
    }

    [Fact]
    public async Task ReceiverDown_ThenRestart_DeliveredOnceNotLost()
    {
        _failing = true;
        var app = App();
        var admin = app.Client(admin: true);
        await Switch(admin, "outage");
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/incidents"), list => list.GetArrayLength() == 1, "an incident", TimeSpan.FromSeconds(20));
        Wait.For(() => Volatile.Read(ref _refused) >= 2, "two refused deliveries", TimeSpan.FromSeconds(20));
        app.Dispose();
        Assert.Empty(_received);

        _failing = false;
        using var restarted = app.Restarted();
        restarted.Client();
        Wait.For(() => _received.Any(r => r.Event == NotificationEvent.IncidentOpened), "the opened webhook after the restart", TimeSpan.FromSeconds(20));
        // The restarted app has no fault switched on, so the incident heals and resolves: a second event, not a repeat.
        Wait.For(() => _received.Any(r => r.Event == NotificationEvent.IncidentResolved), "the resolved webhook", TimeSpan.FromSeconds(30));

        Assert.Single(_received, r => r.Event == NotificationEvent.IncidentOpened);
        Assert.Equal(_received.Count, _received.Select(r => r.Delivery).Distinct().Count());
    }

    private static async Task Switch(HttpClient admin, string fault)
    {
        using var response = await admin.PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "payments", fault }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();
}
