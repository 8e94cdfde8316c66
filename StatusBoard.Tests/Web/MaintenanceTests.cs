using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StatusBoard.Tests.Support;

namespace StatusBoard.Tests.Web;

/// <summary>A maintenance window: the component shows under_maintenance, a fault inside it opens no incident, and it is announced.</summary>
public sealed class MaintenanceTests : IDisposable
{
    private readonly StatusBoardApp _app = new(new Dictionary<string, string?>
    {
        ["StatusBoard:Incidents:ConfirmationPeriod"] = "00:00:01",
        ["StatusBoard:Incidents:EvaluationInterval"] = "00:00:00.200",
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FaultInsideWindow_NoIncident_ComponentUnderMaintenance_Announced()
    {
        var admin = _app.Client(admin: true);
        var now = TimeProvider.System.GetUtcNow();
        using var created = await admin.PostAsJsonAsync("/api/v1/maintenance", new
        {
            title = "Payment gateway upgrade",
            message = "Payments may fail for a few minutes.",
            components = new[] { "payments" },
            startsAt = now.AddMinutes(-1),
            endsAt = now.AddHours(1),
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var upcoming = await admin.PostAsJsonAsync("/api/v1/maintenance", new
        {
            title = "Balance database move",
            components = new[] { "balance" },
            startsAt = now.AddDays(1),
            endsAt = now.AddDays(1).AddHours(2),
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, upcoming.StatusCode);

        (await admin.PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "payments", fault = "outage" }, Ct)).EnsureSuccessStatusCode();
        var since = TimeProvider.System.GetUtcNow();
        await Wait.ForAsync(() => admin.ResultsAsync("payments-create", "sg", since),
            results => results.GetArrayLength() >= 4 && results.EnumerateArray().All(r => r.Text("category") == "server"),
            "four failed runs in sg, well past the one-second confirmation period", TimeSpan.FromSeconds(20));

        var health = await admin.GetJsonAsync("/api/v1/health");
        Assert.Equal("under_maintenance", health.Component("payments").Text("status"));
        Assert.Equal(0, (await admin.GetJsonAsync("/api/v1/incidents")).GetArrayLength());
        Assert.Equal("maintenance", (await admin.GetJsonAsync("/api/v1/verdict?component=payments&region=sg")).Text("verdict"));

        var active = await admin.GetJsonAsync("/api/v2/scheduled-maintenances/active.json");
        var window = Assert.Single(active.GetProperty("scheduled_maintenances").EnumerateArray());
        Assert.Equal("in_progress", window.Text("status"));
        Assert.True(DateTimeOffset.TryParse(window.Text("scheduled_until"), out _));
        var next = await admin.GetJsonAsync("/api/v2/scheduled-maintenances/upcoming.json");
        Assert.Equal("Balance database move", Assert.Single(next.GetProperty("scheduled_maintenances").EnumerateArray()).Text("name"));
        Assert.Equal(2, (await admin.GetJsonAsync("/api/v2/summary.json")).GetProperty("scheduled_maintenances").GetArrayLength());

        var page = await admin.GetStringAsync("/?lang=en", Ct);
        Assert.Contains("Payment gateway upgrade", page, StringComparison.Ordinal);
        Assert.Contains("data-status=\"in_progress\"", page, StringComparison.Ordinal);
        Assert.Contains("data-status=\"scheduled\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Invalid_Is400NamingFields_AndAnonymousIs401()
    {
        var body = new { title = "", components = new[] { "coffee" }, startsAt = "2026-11-25T10:00:00Z", endsAt = "2026-11-25T09:00:00Z" };

        using var invalid = await _app.Client(admin: true).PostAsJsonAsync("/api/v1/maintenance", body, Ct);
        using var anonymous = await _app.Client().PostAsJsonAsync("/api/v1/maintenance", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("components", out _));
        Assert.True(errors.TryGetProperty("endsAt", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(0, (await _app.Client().GetJsonAsync("/api/v1/maintenance")).GetArrayLength());
    }

    [Fact]
    public async Task Create_Cron_IsStoredAndShown_BadCronNamesTheField()
    {
        var good = new { title = "Weekly reindex", components = new[] { "payments" }, startsAt = "2026-11-01T00:00:00Z", endsAt = "2026-11-01T00:30:00Z",
                         recurrence = "cron", cron = "0 3 * * 0", verifyFor = "15m" };
        var bad = good with { cron = "61 * * * *" };

        using var created = await _app.Client(admin: true).PostAsJsonAsync("/api/v1/maintenance", good, Ct);
        using var refused = await _app.Client(admin: true).PostAsJsonAsync("/api/v1/maintenance", bad, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var window = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("cron", window.Text("recurrence"));
        Assert.Equal("0 3 * * 0", window.Text("cron"));
        Assert.Equal(DayOfWeek.Sunday, DateTimeOffset.Parse(window.GetProperty("next").Text("startsAt"), System.Globalization.CultureInfo.InvariantCulture).DayOfWeek);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("cron", out _));
        Assert.Equal(1, (await _app.Client().GetJsonAsync("/api/v1/maintenance")).GetArrayLength());
    }

    public void Dispose() => _app.Dispose();
}
