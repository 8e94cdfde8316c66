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

    [Fact]
    public async Task EditCancelAndEndEarly_FollowWhereTheWindowStands()
    {
        var admin = _app.Client(admin: true);
        var now = TimeProvider.System.GetUtcNow();
        async Task<string> CreateAsync(object body)
        {
            using var created = await admin.PostAsJsonAsync("/api/v1/maintenance", body, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("id");
        }

        var running = await CreateAsync(new { title = "Gateway upgrade", components = new[] { "payments" }, startsAt = now.AddMinutes(-5), endsAt = now.AddHours(1) });
        var nightly = await CreateAsync(new { title = "Nightly vacuum", components = new[] { "balance" }, startsAt = now.AddDays(-3).AddHours(-3), endsAt = now.AddDays(-3).AddHours(-2), recurrence = "daily" });
        var later = await CreateAsync(new { title = "Ledger move", components = new[] { "balance" }, startsAt = now.AddDays(2), endsAt = now.AddDays(2).AddHours(2) });

        // Edit: the whole document again, same id; a different id in the body or an unknown window is refused.
        using var edited = await admin.PutAsJsonAsync($"/api/v1/maintenance/{later}", new { title = "Ledger move (longer)", components = new[] { "balance", "payments" },
            startsAt = now.AddDays(2), endsAt = now.AddDays(2).AddHours(3) }, Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var stored = await admin.GetJsonAsync($"/api/v1/maintenance/{later}");
        Assert.Equal(("Ledger move (longer)", 2), (stored.Text("title"), stored.GetProperty("components").GetArrayLength()));
        using (var mismatch = await admin.PutAsJsonAsync($"/api/v1/maintenance/{later}", new { id = running, title = "x", components = new[] { "balance" }, startsAt = now, endsAt = now.AddHours(1) }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        }

        using (var unknown = await admin.PutAsJsonAsync("/api/v1/maintenance/nope", new { title = "x", components = new[] { "balance" }, startsAt = now, endsAt = now.AddHours(1) }, Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        // A one-off in progress cannot be cancelled, only ended; once ended, its component is back and nothing is left to end.
        using (var refused = await admin.DeleteAsync($"/api/v1/maintenance/{running}", Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("end it early", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var ended = await admin.PostAsync($"/api/v1/maintenance/{running}/end", null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
            Assert.Equal("completed", (await ended.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("status"));
        }

        Assert.NotEqual("under_maintenance", (await admin.GetJsonAsync("/api/v1/health")).Component("payments").Text("status"));
        using (var again = await admin.PostAsync($"/api/v1/maintenance/{running}/end", null, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // A recurring window that already ran stops repeating (its history stays); one that never started is gone.
        using (var stopped = await admin.DeleteAsync($"/api/v1/maintenance/{nightly}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
            var window = await stopped.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.False(window.TryGetProperty("next", out _), "no occurrence is left");
            Assert.True(DateTimeOffset.Parse(window.Text("until"), System.Globalization.CultureInfo.InvariantCulture) <= TimeProvider.System.GetUtcNow());
        }

        using (var removed = await admin.DeleteAsync($"/api/v1/maintenance/{later}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        using (var gone = await admin.GetAsync($"/api/v1/maintenance/{later}", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        using (var anonymous = await _app.Client().DeleteAsync($"/api/v1/maintenance/{nightly}", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        // What was changed is what a restart reads back.
        await using var restarted = _app.Restarted();
        var after = (await restarted.Client().GetJsonAsync("/api/v1/maintenance")).EnumerateArray().ToDictionary(w => w.Text("id"), w => w.Text("status"));
        Assert.Equal(new Dictionary<string, string> { [running] = "completed", [nightly] = "completed" }, after);
    }

    public void Dispose() => _app.Dispose();
}
