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
        // The page is rendered again within a second of the incident opening.
        var page = await Wait.ForAsync(() => admin.GetStringAsync("/?lang=en", TestContext.Current.CancellationToken),
            html => html.Contains($"data-incident=\"{id}\"", StringComparison.Ordinal), "the incident on the public page", TimeSpan.FromSeconds(5));
        Assert.Contains("Payments: problems in Singapore", page, StringComparison.Ordinal);

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

    [Fact]
    public async Task OutageOfEveryEndpoint_IsOneIncident_KeptAtItsWorstWhileRegionsHeal()
    {
        using var app = new StatusBoardApp(FiveComponents());
        var admin = app.Client(admin: true);
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/health"),
            h => h.GetProperty("components").EnumerateArray().Count(c => c.Text("status") == "operational") == 5, "five components operational", Deadline);

        var most = 0;
        await Switch(admin, "sg", "outage", endpoint: "*");
        var opened = await Wait.ForAsync(async () =>
        {
            var list = await admin.GetJsonAsync("/api/v1/incidents");
            most = Math.Max(most, list.GetArrayLength());
            return list;
        }, list => list.GetArrayLength() == 1 && list[0].GetProperty("components").GetArrayLength() == 5, "one incident listing five components", Deadline);
        Assert.Equal(1, most);
        var id = opened[0].Text("id");
        Assert.Equal("regional", opened[0].Text("scope"));
        Assert.EndsWith("failing in sg", opened[0].Text("title"), StringComparison.Ordinal);

        await Switch(admin, "cn-east", "outage", endpoint: "*");
        await Switch(admin, "cn-south", "outage", endpoint: "*");
        var widened = await Wait.ForAsync(() => admin.GetJsonAsync($"/api/v1/incidents/{id}"),
            i => i.Text("scope") == "platform-wide" && i.GetProperty("regions").GetArrayLength() == 3 && i.Text("impact") == "critical",
            "the incident to become a platform-wide critical one", Deadline);
        var title = widened.Text("title");
        Assert.EndsWith("failing in every region", title, StringComparison.Ordinal);
        Assert.Equal("critical", widened.Text("impact"));

        foreach (var region in new[] { "cn-east", "cn-south" })
        {
            await Switch(admin, region, "none", endpoint: "*");
            var healing = await Wait.ForAsync(() => admin.GetJsonAsync($"/api/v1/incidents/{id}"),
                i => !i.GetProperty("currentRegions").EnumerateArray().Any(r => r.GetString() == region), $"{region} to recover", Deadline);
            Assert.Equal(title, healing.Text("title"));
            Assert.Equal("platform-wide", healing.Text("scope"));
            Assert.Equal("critical", healing.Text("impact"));
        }

        await Switch(admin, "sg", "none", endpoint: "*");
        var resolved = await Wait.ForAsync(() => admin.GetJsonAsync($"/api/v1/incidents/{id}"),
            i => i.Text("status") == "resolved", "the incident to resolve", Deadline);
        Assert.Equal(title, resolved.Text("title"));
        Assert.Equal("platform-wide", resolved.Text("scope"));
        var bodies = resolved.GetProperty("updates").EnumerateArray().Select(u => u.Text("body")).ToList();
        Assert.All(bodies.Zip(bodies.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.Equal(1, (await admin.GetJsonAsync("/api/v1/incidents")).GetArrayLength());
        var page = await admin.GetStringAsync($"/incidents/{id}?lang=en", TestContext.Current.CancellationToken);
        Assert.Contains("problems in every region", page, StringComparison.Ordinal);
    }

    /// <summary>The fast test app with every sandbox endpoint probed, one component each, as the demo has.</summary>
    private static Dictionary<string, string?> FiveComponents()
    {
        var settings = new Dictionary<string, string?>
        {
            ["StatusBoard:Incidents:ConfirmationPeriod"] = "00:00:02",
            ["StatusBoard:Incidents:RecoveryPeriod"] = "00:00:03",
            ["StatusBoard:Incidents:EvaluationInterval"] = "00:00:00.250",
        };
        var extra = new[] { ("transfers", "Transfers", "v2/transfers"), ("topup", "Top-up", "v2/topups"), ("signin", "Sign-in", "v2/sessions") };
        for (var i = 0; i < extra.Length; i++)
        {
            var (key, name, path) = extra[i];
            settings[$"StatusBoard:Components:{i + 2}:key"] = key;
            settings[$"StatusBoard:Components:{i + 2}:names:en"] = name;
            settings[$"StatusBoard:Components:{i + 2}:position"] = $"{i + 3}";
            var probe = $"StatusBoard:Probes:{i + 3}";
            settings[$"{probe}:key"] = key;
            settings[$"{probe}:name"] = name;
            settings[$"{probe}:component"] = key;
            settings[$"{probe}:kind"] = "http";
            settings[$"{probe}:interval"] = "1s";
            settings[$"{probe}:timeout"] = "1s";
            settings[$"{probe}:retries"] = "1";
            for (var r = 0; r < 3; r++)
            {
                settings[$"{probe}:regions:{r}"] = new[] { "cn-east", "cn-south", "sg" }[r];
            }

            settings[$"{probe}:request:method"] = "POST";
            settings[$"{probe}:request:url"] = "{sandbox}/{region}/" + path;
            settings[$"{probe}:request:body"] = "{\"amount\":\"0.01\"}";
            settings[$"{probe}:conditions:0"] = "[STATUS] == 200";
        }

        return settings;
    }

    private static async Task Switch(HttpClient admin, string region, string fault, string endpoint = "payments")
    {
        using var response = await admin.PostAsJsonAsync("/sandbox/faults", new { region, endpoint, fault }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _app.Dispose();
}
