using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace StatusBoard.Tests.Web;

/// <summary>
/// Moving from Uptime Kuma keeps what each monitor meant (an Uptime Kuma 1.23 backup the tests own,
/// Web/Imports/kuma-1.23-backup.json): inverted stays inverted — up against the failing target it expects —, paused
/// stays paused, basic auth becomes a protected header, several accepted ranges stay ranges, notifications become
/// channels where the type exists; what cannot come over is listed with why, and a file that is no backup is refused.
/// </summary>
public sealed class ImportFidelityTests : IAsyncLifetime
{
    private readonly StatusBoardApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = _app.Client(admin: true);
        using var created = await _admin.PostAsJsonAsync("/api/v1/components", new { key = "partners", names = new { en = "Partners" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task AKumaBackup_KeepsWhatEachMonitorMeant_AndListsWhatCannotComeOverWithWhy()
    {
        // The inverted monitor watches a console that must not answer: here it fails, as the monitor expects.
        await using var target = await LoopbackServer.StartAsync(map => map.MapGet("/admin", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable)));
        var backup = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Web", "Imports", "kuma-1.23-backup.json"), Ct))
            .Replace("TARGET", target.Address.TrimEnd('/'), StringComparison.Ordinal);

        using var response = await _admin.PostAsync("/api/v1/config/import/kuma?component=partners&regions=sg", new StringContent(backup, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var plan = body.GetProperty("plan");
        Assert.Equal(["admin-console-must-stay-closed", "checkout", "legacy-refunds", "partner-api"],
            plan.GetProperty("probes").GetProperty("added").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(["kuma-eu-opsgenie", "kuma-on-call-slack", "kuma-ops-telegram", "kuma-payments-dingtalk", "kuma-payments-pagerduty"],
            plan.GetProperty("notificationChannels").GetProperty("added").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["legacy-refunds"], plan.GetProperty("paused").EnumerateArray().Select(e => e.GetString()));
        var skipped = body.GetProperty("skipped").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(skipped, s => s.Contains("Intranet NTLM", StringComparison.Ordinal) && s.Contains("ntlm", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.StartsWith("notification 'Phone push': Uptime Kuma 'gorush' notifications have no channel type here", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.StartsWith("notification 'Half-set Discord': its Uptime Kuma 'discord' settings are incomplete", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.StartsWith("Partner API: 'ignore TLS errors' is not kept", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.StartsWith("Partner API: 'max redirects' (0) is not kept", StringComparison.Ordinal));

        var inverted = await _admin.GetJsonAsync("/api/v1/probes/admin-console-must-stay-closed");
        Assert.True(inverted.GetProperty("invert").GetBoolean());
        Assert.True((await _admin.GetJsonAsync("/api/v1/probes/legacy-refunds")).GetProperty("paused").GetBoolean());
        Assert.False((await _admin.GetJsonAsync("/api/v1/probes/checkout")).GetProperty("paused").GetBoolean());
        Assert.Equal(["[STATUS] == any(200..299, 302, 400..404)"],
            (await _admin.GetJsonAsync("/api/v1/probes/checkout")).GetProperty("conditions").EnumerateArray().Select(c => c.GetString()));

        // Basic auth is an Authorization header, protected like every secret header: encrypted where it is stored,
        // masked for everyone but admins, exported as a reference, never in clear.
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes("statusboard:s3cret-pass"));
        Assert.Equal("Basic " + credentials, (await _admin.GetJsonAsync("/api/v1/probes/partner-api")).GetProperty("request").GetProperty("headers").Text("Authorization"));
        var viewer = await _app.ClientWithRoleAsync(StatusBoard.Web.Accounts.Roles.Viewer);
        Assert.DoesNotContain(credentials, await viewer.GetStringAsync("/api/v1/probes/partner-api", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(credentials, await _admin.GetStringAsync("/api/v1/config", Ct), StringComparison.Ordinal);
        var stored = await _app.ScalarAsync<string>("SELECT document FROM probes WHERE key = 'partner-api'");
        Assert.DoesNotContain(credentials, stored, StringComparison.Ordinal);
        Assert.Contains("enc:v1:", stored, StringComparison.Ordinal);

        // Each notification keeps its settings under this product's names; its secrets are protected as every channel's are.
        var channels = (await _admin.GetJsonAsync("/api/v1/notification-channels")).EnumerateArray().ToDictionary(c => c.Text("name"));
        Assert.Equal(("dingtalk", "telegram", "pagerduty", "opsgenie"), (channels["kuma-payments-dingtalk"].Text("type"), channels["kuma-ops-telegram"].Text("type"),
            channels["kuma-payments-pagerduty"].Text("type"), channels["kuma-eu-opsgenie"].Text("type")));
        Assert.Equal("-1001", channels["kuma-ops-telegram"].Text("chatId"));
        Assert.StartsWith("https://api.eu.opsgenie.com/", channels["kuma-eu-opsgenie"].Text("url"), StringComparison.Ordinal);
        Assert.True(channels["kuma-payments-dingtalk"].GetProperty("signed").GetBoolean());
        Assert.True(channels["kuma-payments-pagerduty"].GetProperty("keyed").GetBoolean());
        var dingtalk = await _app.ScalarAsync<string>("SELECT document FROM notification_channels WHERE name = 'kuma-payments-dingtalk'");
        Assert.DoesNotContain("SECkuma-signing", dingtalk, StringComparison.Ordinal);
        Assert.DoesNotContain("kuma-token", dingtalk, StringComparison.Ordinal);
        Assert.DoesNotContain("kuma-routing-key-0001", await _app.ScalarAsync<string>("SELECT document FROM notification_channels WHERE name = 'kuma-payments-pagerduty'"), StringComparison.Ordinal);

        // Against its failing target the inverted probe is up, and says why.
        using var run = await _admin.PostAsync("/api/v1/probes/admin-console-must-stay-closed/run", null, Ct);
        run.EnsureSuccessStatusCode();
        var result = (await run.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("results")[0];
        Assert.Equal(("up", "inverted"), (result.Text("outcome"), result.Text("rule")));
        Assert.Contains("503", result.Text("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileThatIsNoKumaBackup_Is400SayingSo_AndChangesNothing()
    {
        var before = await _admin.GetStringAsync("/api/v1/probes", Ct);

        using var response = await _admin.PostAsync("/api/v1/config/import/kuma?component=partners",
            new StringContent("""{ "endpoints": [ { "name": "x", "url": "https://x.example" } ] }""", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not an Uptime Kuma backup", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(before, await _admin.GetStringAsync("/api/v1/probes", Ct));
    }

    [Fact]
    public async Task AGatusFile_SkipsEachEndpointItCannotWatch_WithItsNameAndWhy_AndImportsTheRest_WithItsAlertsAsChannels()
    {
        var file = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Web", "Imports", "gatus-config.yaml"), Ct);

        using var response = await _admin.PostAsync("/api/v1/config/import/gatus?component=partners&dryRun=true", new StringContent(file, Encoding.UTF8, "application/yaml"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["core-back-end", "core-front-end"], body.GetProperty("plan").GetProperty("probes").GetProperty("added").EnumerateArray().Select(e => e.GetString()).Order());
        var skipped = body.GetProperty("skipped").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(5, skipped.Count);
        Assert.Contains("alerts of type 'ntfy' (used by partners): Gatus 'ntfy' alerts have no channel type here; add a channel in /ops/channels", skipped);
        Assert.Contains("alerts of type 'discord' (used by partners): there is no alerting.discord section to read them from", skipped);

        // The providers the endpoints alert to are channels, heard only for the components of those endpoints.
        Assert.Equal(["gatus-pagerduty", "gatus-slack"], body.GetProperty("plan").GetProperty("notificationChannels").GetProperty("added").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(skipped, s => s.StartsWith("domain-registration: Gatus's [DOMAIN_EXPIRATION]", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.StartsWith("mtls-api: client certificates", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.StartsWith("monitor-graphql: GraphQL", StringComparison.Ordinal));

        // Applied: the channels carry the provider's settings under this product's names, and only the endpoints' component.
        using var applied = await _admin.PostAsync("/api/v1/config/import/gatus?component=partners", new StringContent(file, Encoding.UTF8, "application/yaml"), Ct);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var channels = (await _admin.GetJsonAsync("/api/v1/notification-channels")).EnumerateArray().ToDictionary(c => c.Text("name"));
        Assert.Equal(("pagerduty", "slack"), (channels["gatus-pagerduty"].Text("type"), channels["gatus-slack"].Text("type")));
        Assert.True(channels["gatus-pagerduty"].GetProperty("keyed").GetBoolean());
        Assert.All(new[] { channels["gatus-pagerduty"], channels["gatus-slack"] }, c => Assert.Equal(["partners"], c.GetProperty("components").EnumerateArray().Select(e => e.GetString())));
        Assert.DoesNotContain("0123456789abcdef0123456789abcdef", await _app.ScalarAsync<string>("SELECT document FROM notification_channels WHERE name = 'gatus-pagerduty'"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGatusEndpointThatIsInvalid_IsNamedInTheError_NotAnIndex()
    {
        var file = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Web", "Imports", "gatus-bad-interval.yaml"), Ct);

        using var response = await _admin.PostAsync("/api/v1/config/import/gatus?component=partners", new StringContent(file, Encoding.UTF8, "application/yaml"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["Gatus endpoint 'ledger'.interval"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/probes/ledger", Ct)).StatusCode);
    }
}
