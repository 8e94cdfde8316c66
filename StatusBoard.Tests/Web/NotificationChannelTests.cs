using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace StatusBoard.Tests.Web;

/// <summary>Channels added in /ops and through the API: e-mail over SMTP, maintenance events, failures that show.</summary>
public sealed class NotificationChannelTests : IAsyncLifetime
{
    private readonly LoopbackSmtp _smtp = new();
    private readonly ConcurrentQueue<(string Event, string Delivery)> _hooks = new();
    private LoopbackServer _receiver = null!;
    private StatusBoardApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await LoopbackServer.StartAsync(app => app.MapPost("/hook", (HttpContext http) =>
        {
            _hooks.Enqueue((http.Request.Headers["X-StatusBoard-Event"].ToString(), http.Request.Headers["X-StatusBoard-Delivery"].ToString()));
            return Results.NoContent();
        }));
        _app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Notifications:PollInterval"] = "00:00:00.200",
            ["StatusBoard:Notifications:RetryDelay"] = "00:00:00.200",
            ["StatusBoard:Notifications:BaseUrl"] = "https://status.example.com",
            ["StatusBoard:Notifications:Smtp:Host"] = "127.0.0.1",
            ["StatusBoard:Notifications:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["StatusBoard:Notifications:Smtp:Security"] = "none",
            ["StatusBoard:Notifications:Smtp:From"] = "statusboard@example.com",
            ["StatusBoard:Notifications:Channels:0:Name"] = "from-config",
            ["StatusBoard:Notifications:Channels:0:Type"] = "webhook",
            ["StatusBoard:Notifications:Channels:0:Url"] = _receiver.Address + "/hook",
            ["StatusBoard:Notifications:Channels:0:Events:0"] = "maintenance.started",
            ["StatusBoard:Notifications:Channels:0:Events:1"] = "maintenance.completed",
        });
        _app.Client();
    }

    [Fact]
    public async Task EmailChannel_AddedByAdmin_SendsTheTestWithTheTemplatedSubject()
    {
        var admin = _app.Client(admin: true);

        var saved = await admin.PutAsJsonAsync("/api/v1/notification-channels/oncall-mail",
            new { type = "email", to = new[] { "oncall@example.com" }, template = "{title} | {status} {{7*7}}" }, TestContext.Current.CancellationToken);
        saved.EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/v1/notification-channels/oncall-mail/test", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await Wait.ForAsync(() => Task.FromResult(_smtp.Messages.Count), count => count == 1, "the e-mail to arrive");
        var (from, to, data) = Assert.Single(_smtp.Messages);
        Assert.Contains("statusboard@example.com", from, StringComparison.Ordinal);
        Assert.Equal(["<oncall@example.com>"], to);
        Assert.Contains("Subject: StatusBoard test message | test {{7*7}}", data, StringComparison.Ordinal);
        Assert.Contains("https://status.example.com/ops", data, StringComparison.Ordinal);
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/notification-channels/deliveries"),
            list => list.EnumerateArray().Any(d => d.Text("channel") == "oncall-mail" && d.TryGetProperty("deliveredAt", out var at) && at.ValueKind != JsonValueKind.Null),
            "the delivery to show as delivered");
    }

    [Fact]
    public async Task FailingChannel_ShowsItsErrorInOps()
    {
        var admin = _app.Client(admin: true);
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        (await admin.PutAsJsonAsync("/api/v1/notification-channels/dead-hook", new { type = "webhook", url = $"http://127.0.0.1:{port}/hook" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/v1/notification-channels/dead-hook/test", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var failing = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/notification-channels/deliveries"),
            list => list.EnumerateArray().Any(d => d.Text("channel") == "dead-hook" && d.GetProperty("attempts").GetInt64() >= 1),
            "the delivery to fail");
        Assert.False(string.IsNullOrEmpty(failing.EnumerateArray().First(d => d.Text("channel") == "dead-hook").Text("lastError")));

        var cookie = _app.CookieClient();
        await StatusBoardApp.SignInAsync(cookie, StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword);
        var page = await cookie.GetStringAsync("/ops/channels", TestContext.Current.CancellationToken);
        Assert.Contains("data-state=\"failing\" data-channel=\"dead-hook\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaintenanceWindow_SendsStartedAndCompletedOnce()
    {
        var admin = _app.Client(admin: true);
        var now = DateTimeOffset.UtcNow;
        (await admin.PostAsJsonAsync("/api/v1/maintenance", new { title = "Card network switch", components = new[] { "payments" }, startsAt = now.AddSeconds(1), endsAt = now.AddSeconds(4) },
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await Wait.ForAsync(() => Task.FromResult(_hooks.Count(h => h.Event == "maintenance.completed")), count => count == 1, "the window to complete", TimeSpan.FromSeconds(20));
        Assert.Equal(["maintenance.started", "maintenance.completed"], _hooks.Select(h => h.Event));
        Assert.Equal(2, _hooks.Select(h => h.Delivery).Distinct().Count());
    }

    [Fact]
    public async Task BadChannels_Are400NamingFields_ViewerIs403_ConfigurationIsReadOnly()
    {
        var admin = _app.Client(admin: true);

        var bad = await admin.PutAsJsonAsync("/api/v1/notification-channels/x", new { type = "email", to = new[] { "not-an-address" }, events = new[] { "incident.exploded" } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("to", out _));
        Assert.True(errors.TryGetProperty("events", out _));
        var ftp = await admin.PutAsJsonAsync("/api/v1/notification-channels/x", new { type = "webhook", url = "ftp://example.com/" }, TestContext.Current.CancellationToken);
        Assert.True((await ftp.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors").TryGetProperty("url", out _));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync("/api/v1/notification-channels/from-config", TestContext.Current.CancellationToken)).StatusCode);

        var (_, viewerKey) = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<StatusBoard.Web.Api.ApiKeys>(_app.Services)
            .CreateAsync("viewer", "viewer", TestContext.Current.CancellationToken);
        var viewer = _app.Client();
        viewer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", viewerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync("/api/v1/notification-channels/y", new { type = "webhook", url = "https://x.example" }, TestContext.Current.CancellationToken)).StatusCode);
        var listed = await viewer.GetJsonAsync("/api/v1/notification-channels");
        Assert.Equal(["from-config"], listed.EnumerateArray().Select(c => c.Text("name")));
        Assert.DoesNotContain("/hook", listed.ToString(), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
        await _smtp.DisposeAsync();
    }
}
