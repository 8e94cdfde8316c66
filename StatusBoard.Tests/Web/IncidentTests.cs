using System.Net.Http.Json;
using StatusBoard.Tests.Support;

namespace StatusBoard.Tests.Web;

/// <summary>
/// End to end with the sandbox: a regional fault opens one incident after the confirmation period; widening makes it
/// platform-wide with a higher impact; healing moves it to monitoring, then resolved. The v2 API and the public page
/// show each step.
/// </summary>
public sealed class IncidentTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly StatusBoardApp _app = new(new Dictionary<string, string?>
    {
        ["StatusBoard:Incidents:ConfirmationPeriod"] = "00:00:02",
        ["StatusBoard:Incidents:RecoveryPeriod"] = "00:00:03",
        ["StatusBoard:Incidents:EvaluationInterval"] = "00:00:00.250",
    });

    [Fact]
    public async Task Fault_OpensWidensHealsAndResolves_OneIncident()
    {
        var admin = _app.Client(admin: true);

        await Switch(admin, "sg", "outage");
        var opened = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/incidents"),
            list => list.GetArrayLength() == 1, "an incident to open", Deadline);
        var incident = opened[0];
        var id = incident.Text("id");
        Assert.Equal("investigating", incident.Text("status"));
        Assert.Equal("regional", incident.Text("scope"));
        Assert.Equal(["sg"], incident.GetProperty("regions").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("payments", incident.GetProperty("components")[0].Text("key"));
        Assert.True(incident.GetProperty("categories").GetProperty("server").GetInt64() > 0);
        Assert.True(DateTimeOffset.Parse(incident.Text("startedAt"), System.Globalization.CultureInfo.InvariantCulture)
            < DateTimeOffset.Parse(incident.Text("detectedAt"), System.Globalization.CultureInfo.InvariantCulture));

        var unresolved = await admin.GetJsonAsync("/api/v2/incidents/unresolved.json");
        Assert.Equal(id, unresolved.GetProperty("incidents")[0].Text("id"));
        Assert.Equal("Payments", unresolved.GetProperty("incidents")[0].GetProperty("components")[0].Text("name"));
        var page = await admin.GetStringAsync("/?lang=en", TestContext.Current.CancellationToken);
        Assert.Contains($"data-incident=\"{id}\"", page, StringComparison.Ordinal);
        Assert.Contains("Payments: problems in sg", page, StringComparison.Ordinal);

        await Switch(admin, "*", "outage");
        var widened = await Wait.ForAsync(() => admin.GetJsonAsync($"/api/v1/incidents/{id}"),
            i => i.Text("scope") == "platform-wide", "the incident to become platform-wide", Deadline);
        Assert.Contains(widened.Text("impact"), new[] { "major", "critical" });

        await Switch(admin, "*", "none");
        await Switch(admin, "sg", "none");
        await Wait.ForAsync(() => admin.GetJsonAsync($"/api/v1/incidents/{id}"),
            i => i.Text("status") == "monitoring", "the incident to move to monitoring", Deadline);
        var resolved = await Wait.ForAsync(() => admin.GetJsonAsync($"/api/v1/incidents/{id}"),
            i => i.Text("status") == "resolved", "the incident to resolve", Deadline);

        var statuses = resolved.GetProperty("updates").EnumerateArray().Select(u => u.Text("status")).ToList();
        Assert.Equal("investigating", statuses[0]);
        Assert.Contains("monitoring", statuses);
        Assert.Equal("resolved", statuses[^1]);
        Assert.Equal(1, (await admin.GetJsonAsync("/api/v1/incidents")).GetArrayLength());
        var all = await admin.GetJsonAsync("/api/v2/incidents.json");
        Assert.Equal("resolved", all.GetProperty("incidents")[0].Text("status"));
        Assert.Equal(0, (await admin.GetJsonAsync("/api/v2/incidents/unresolved.json")).GetProperty("incidents").GetArrayLength());
    }

    private static async Task Switch(HttpClient admin, string region, string fault)
    {
        using var response = await admin.PostAsJsonAsync("/sandbox/faults", new { region, endpoint = "payments", fault }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _app.Dispose();
}
