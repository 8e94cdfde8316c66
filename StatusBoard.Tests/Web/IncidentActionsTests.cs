using StatusBoard.Web.Api;

namespace StatusBoard.Tests.Web;

/// <summary>What operators do with incidents, through the API the dashboard shares: every change shows where it should, and only there.</summary>
public sealed class IncidentActionsTests : IAsyncLifetime
{
    private readonly StatusBoardApp _app = new(new Dictionary<string, string?>
    {
        ["StatusBoard:Incidents:ConfirmationPeriod"] = "00:00:02",
        ["StatusBoard:Incidents:EvaluationInterval"] = "00:00:00.250",
    });

    private HttpClient _operator = null!;

    public async ValueTask InitializeAsync()
    {
        var (_, key) = await _app.Services.GetRequiredService<ApiKeys>().CreateAsync("ops-bot", "operator", TestContext.Current.CancellationToken);
        _operator = _app.Client();
        _operator.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
    }

    [Fact]
    public async Task ManualIncident_HostileMarkdown_ShowsAsInertTextEverywhere()
    {
        var created = await _operator.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Card top-ups failing at one bank <script>alert(1)</script>",
            message = "**Bank A** declines top-ups. <img src=x onerror=alert(1)> [details](javascript:alert(1))",
            impact = "major",
            components = new[] { "payments" },
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).Text("id");

        var page = await _app.Client().GetStringAsync($"/incidents/{id}?lang=en", TestContext.Current.CancellationToken);
        Assert.Contains("<strong>Bank A</strong>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", page, StringComparison.Ordinal);

        var v2 = await _app.Client().GetJsonAsync("/api/v2/incidents/unresolved.json");
        Assert.Equal(id, v2.GetProperty("incidents")[0].Text("id"));
        Assert.Equal("major", v2.GetProperty("incidents")[0].Text("impact"));
        var feed = await _app.Client().GetStringAsync("/history.atom", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<script>", feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutomaticIncident_AcknowledgeUpdateNotePostmortem_EachWhereItBelongs()
    {
        await _app.Client(admin: true).PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "payments", fault = "outage" }, TestContext.Current.CancellationToken);
        var opened = await Wait.ForAsync(() => _app.Client().GetJsonAsync("/api/v1/incidents"), list => list.GetArrayLength() == 1, "an incident to open", TimeSpan.FromSeconds(30));
        var id = opened[0].Text("id");

        (await _operator.PostAsync($"/api/v1/incidents/{id}/acknowledge", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await _operator.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "identified", message = "A bad deploy in **sg**; rolling back." }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await _operator.PostAsJsonAsync($"/api/v1/incidents/{id}/notes", new { message = "internal: deploy 4711 by team X" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await _operator.PutAsJsonAsync($"/api/v1/incidents/{id}/postmortem", new { text = "## Why\nA config push." }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var incident = await _app.Client().GetJsonAsync($"/api/v1/incidents/{id}");
        Assert.Equal("identified", incident.Text("status"));
        Assert.NotNull(incident.Text("acknowledgedAt"));
        Assert.False(incident.TryGetProperty("acknowledgedBy", out _));
        var bodies = incident.GetProperty("updates").EnumerateArray().Select(u => u.Text("body")).ToList();
        Assert.Contains("A bad deploy in **sg**; rolling back.", bodies);
        Assert.DoesNotContain(bodies, b => b.Contains("internal", StringComparison.Ordinal));
        var page = await _app.Client().GetStringAsync($"/incidents/{id}?lang=en", TestContext.Current.CancellationToken);
        Assert.Contains("A bad deploy in <strong>sg</strong>; rolling back.", page, StringComparison.Ordinal);
        Assert.Contains("<h2>Why</h2>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("deploy 4711", page, StringComparison.Ordinal);

        // The engine keeps following the incident after people touched it, and keeps their status.
        var still = await _app.Client().GetJsonAsync($"/api/v1/incidents/{id}");
        Assert.Equal("payments", still.GetProperty("components")[0].Text("key"));
    }

    [Fact]
    public async Task FalseAlarm_ResolvesAndIsKept()
    {
        await _app.Client(admin: true).PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "payments", fault = "outage" }, TestContext.Current.CancellationToken);
        var opened = await Wait.ForAsync(() => _app.Client().GetJsonAsync("/api/v1/incidents"), list => list.GetArrayLength() == 1, "an incident to open", TimeSpan.FromSeconds(30));
        var id = opened[0].Text("id");

        (await _operator.PostAsync($"/api/v1/incidents/{id}/false-alarm", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var incident = await _app.Client().GetJsonAsync($"/api/v1/incidents/{id}");
        Assert.Equal("resolved", incident.Text("status"));
        Assert.True(incident.GetProperty("falseAlarm").GetBoolean());
    }

    [Fact]
    public async Task BadInput_Is400NamingEveryField_AndViewerIs403_AndNothingIsWritten()
    {
        var bad = await _operator.PostAsJsonAsync("/api/v1/incidents", new { title = "", message = new string('x', 20_001), components = new[] { "nope" } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("message", out _));
        Assert.True(errors.TryGetProperty("components", out _));

        var badStatus = await _operator.PostAsJsonAsync("/api/v1/incidents/x/updates", new { status = "exploded", message = "m" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.PostAsync("/api/v1/incidents/nope/acknowledge", null, TestContext.Current.CancellationToken)).StatusCode);

        var (_, viewerKey) = await _app.Services.GetRequiredService<ApiKeys>().CreateAsync("wallboard", "viewer", TestContext.Current.CancellationToken);
        var viewer = _app.Client();
        viewer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", viewerKey);
        var refused = await viewer.PostAsJsonAsync("/api/v1/incidents", new { title = "t", message = "m", components = new[] { "payments" } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, (await _app.Client().GetJsonAsync("/api/v1/incidents")).GetArrayLength());
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
