using StatusBoard.Probes.Configuration;

namespace StatusBoard.Tests.Web;

/// <summary>Configuration as code over HTTP: export without secrets, dry runs, all-or-nothing imports, Kuma and Gatus, the watched directory.</summary>
public sealed class ConfigAsCodeTests : IAsyncLifetime
{
    private readonly string _token = "STATUSBOARD_SECRET_TEST_PAY_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly string _directory = Directory.CreateTempSubdirectory("statusboard-config-").FullName;
    private StatusBoardApp _app = null!;
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable(_token, "Bearer demo");
        _app = new StatusBoardApp(new Dictionary<string, string?> { ["StatusBoard:Config:Directory"] = _directory });
        _admin = _app.Client(admin: true);
        return ValueTask.CompletedTask;
    }

    private string Document(string key, string condition = "[STATUS] == 200") => $$"""
        components:
          - key: wallet-cards
            names: { en: "Wallet cards", zh-CN: "钱包卡片" }
            position: 9
        probes:
          - key: {{key}}
            name: "Card list"
            component: wallet-cards
            kind: http
            regions: [ cn-east, sg ]
            interval: 1s
            timeout: 1s
            request:
              url: "{sandbox}/{region}/v2/balance"
              headers: { Authorization: "${{{_token}}}" }
            conditions: [ "{{condition}}" ]
        maintenance:
          - title: "Card vault upgrade"
            components: [ wallet-cards ]
            startsAt: "2030-01-05T02:00:00Z"
            endsAt: "2030-01-05T03:00:00Z"
        """;

    [Fact]
    public async Task DryRun_SaysWhatWouldChange_ThenApplyRunsIt_AndReimportChangesNothing()
    {
        var dry = await PostAsync("/api/v1/config?dryRun=true", Document("cards"));
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var plan = (await dry.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("plan");
        Assert.Equal(["cards"], plan.GetProperty("probes").GetProperty("added").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/probes/cards", Ct)).StatusCode);

        (await PostAsync("/api/v1/config", Document("cards"))).EnsureSuccessStatusCode();
        var start = DateTimeOffset.UtcNow;
        await Wait.ForAsync(() => _admin.ResultsAsync("cards", "sg", start.AddSeconds(-1)), r => r.GetArrayLength() > 0 && r[0].Text("outcome") == "up", "the imported probe to run and pass");
        var probe = await _admin.GetJsonAsync("/api/v1/probes/cards");
        Assert.Equal("${" + _token + "}", probe.GetProperty("request").GetProperty("headers").GetProperty("Authorization").GetString());

        var again = await (await PostAsync("/api/v1/config?dryRun=true", Document("cards"))).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(again.GetProperty("plan").GetProperty("probes").GetProperty("added").EnumerateArray().Any());
        Assert.Equal(["cards"], again.GetProperty("plan").GetProperty("probes").GetProperty("unchanged").EnumerateArray().Select(e => e.GetString()));
        Assert.Single(again.GetProperty("plan").GetProperty("maintenance").GetProperty("unchanged").EnumerateArray());
    }

    [Fact]
    public async Task Export_NeverHoldsASecretValue_AndReadsBack()
    {
        var created = await _admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "literal-secret", name = "Literal", component = "payments", kind = "http", regions = new[] { "sg" }, interval = "30s", timeout = "1s",
            request = new { url = "{sandbox}/{region}/v2/balance", headers = new Dictionary<string, string> { ["Authorization"] = "Bearer sk_live_very_secret" } },
            conditions = new[] { "[STATUS] == 200" },
        }, Ct);
        created.EnsureSuccessStatusCode();
        (await _admin.PutAsJsonAsync("/api/v1/notification-channels/hook", new { type = "webhook", url = "https://hooks.example.com/x", secret = "whsec_also_secret" }, Ct)).EnsureSuccessStatusCode();

        var json = await _admin.GetStringAsync("/api/v1/config", Ct);
        var yaml = await _admin.GetStringAsync("/api/v1/config?format=yaml", Ct);

        foreach (var text in new[] { json, yaml })
        {
            Assert.DoesNotContain("sk_live_very_secret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("whsec_also_secret", text, StringComparison.Ordinal);
        }

        var document = JsonDocument.Parse(json).RootElement;
        Assert.Equal(["STATUSBOARD_SECRET_CHANNEL_HOOK_SECRET", "STATUSBOARD_SECRET_LITERAL_SECRET_AUTHORIZATION"], document.GetProperty("secrets").EnumerateArray().Select(e => e.GetString()));
        Assert.True(JsonSerializer.Deserialize<JsonElement>(ConfigFormat.Parse(yaml, out var error)!.ToJsonString()).GetProperty("probes").GetArrayLength() == 1, error);
    }

    [Fact]
    public async Task OneBadItem_RefusesTheWholeDocument_NamingIt()
    {
        var bad = Document("good") + """

            notificationChannels:
              - name: ops
                type: pager
            """;
        var response = await PostAsync("/api/v1/config", bad.Replace("[STATUS] == 200", "[STATUSS] == 200", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("probes[0].conditions[0]", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("notificationChannels[0].type", out _), errors.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/probes/good", Ct)).StatusCode);
        Assert.DoesNotContain("wallet-cards", await _admin.GetStringAsync("/api/v1/components", Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("probes: [ { key: x, component: payments, request: { url: \"https://${NOT_SET_ANYWHERE_42}/\" } } ]", "NOT_SET_ANYWHERE_42")]
    [InlineData("probes: [ { key: payments-create, name: x } ]", "defined in configuration")]
    [InlineData("probes: {", "Malformed")]
    [InlineData("probes: 12", "Malformed")]
    public async Task BadDocuments_Get400WithTheReason(string document, string expected)
    {
        var response = await PostAsync("/api/v1/config", document);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_RemovesWhatTheDocumentLeavesOut()
    {
        (await PostAsync("/api/v1/config", Document("cards"))).EnsureSuccessStatusCode();

        var pruned = await PostAsync("/api/v1/config?prune=true", "components: []");

        pruned.EnsureSuccessStatusCode();
        var plan = (await pruned.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("plan");
        Assert.Equal(["cards"], plan.GetProperty("probes").GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/probes/cards", Ct)).StatusCode);
    }

    [Fact]
    public async Task KumaBackup_BecomesProbes_WhatCannotComeOverIsSaid()
    {
        const string backup = """
            { "version": "1.23.0", "notificationList": [], "monitorList": [
              { "id": 1, "name": "Pay API", "type": "http", "url": "https://pay.example.com/health", "method": "GET", "interval": 60, "maxretries": 1, "accepted_statuscodes": ["200-299"] },
              { "id": 2, "name": "Pay API", "type": "keyword", "url": "https://pay.example.com/status", "interval": 30, "keyword": "OK", "accepted_statuscodes": ["200"] },
              { "id": 3, "name": "Gateway port", "type": "port", "hostname": "gw.example.com", "port": 443, "interval": 20 },
              { "id": 4, "name": "Router", "type": "ping", "hostname": "10.0.0.1", "interval": 20 } ] }
            """;

        var response = await PostAsync("/api/v1/config/import/kuma?component=payments&dryRun=true", backup);

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["gateway-port", "pay-api", "pay-api-2"], body.GetProperty("plan").GetProperty("probes").GetProperty("added").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("ping", body.GetProperty("skipped")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/api/v1/config/import/kuma?component=nope", backup)).StatusCode);
    }

    [Fact]
    public async Task GatusEndpoints_BecomeProbes_AndApply()
    {
        const string gatus = """
            endpoints:
              - name: balance api
                group: balance
                url: "https://wallet.example.com/balance"
                interval: 30s
                conditions:
                  - "[STATUS] == 200"
                  - "[RESPONSE_TIME] < 500"
              - name: ledger
                url: "tcp://ledger.example.com:5432"
                interval: 1m
                conditions: [ "[CONNECTED] == true" ]
            """;

        var response = await PostAsync("/api/v1/config/import/gatus?component=payments", gatus);

        response.EnsureSuccessStatusCode();
        var balance = await _admin.GetJsonAsync("/api/v1/probes/balance-balance-api");
        Assert.Equal("balance", balance.Text("component"));
        Assert.Equal("tcp", (await _admin.GetJsonAsync("/api/v1/probes/ledger")).Text("kind"));
    }

    [Fact]
    public async Task WatchedDirectory_LoadsAndReloads_KeepingTheLastGoodOnError()
    {
        var file = Path.Combine(_directory, "payments.yaml");
        await File.WriteAllTextAsync(file, Document("from-file"), Ct);
        var directory = _app.Services.GetRequiredService<ConfigDirectory>();

        var loaded = await directory.LoadAsync(Ct);
        Assert.True(loaded.Succeeded, string.Join("; ", loaded.Errors.SelectMany(e => e.Value)));
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/v1/probes/from-file", Ct)).StatusCode);

        await File.WriteAllTextAsync(Path.Combine(_directory, "broken.json"), "{ \"probes\": [ { \"key\": \"from-file\" ", Ct);
        var status = await Wait.ForAsync(() => _admin.GetJsonAsync("/api/v1/config/status"),
            s => s.TryGetProperty("last", out var last) && last.TryGetProperty("errors", out var errors) && errors.TryGetProperty("broken.json", out _),
            "the watcher to report the broken file");
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/v1/probes/from-file", Ct)).StatusCode);

        File.Delete(Path.Combine(_directory, "broken.json"));
        await File.WriteAllTextAsync(file, Document("from-file", "[STATUS] < 500"), Ct);
        await Wait.ForAsync(() => _admin.GetJsonAsync("/api/v1/probes/from-file"),
            p => p.GetProperty("conditions")[0].GetString() == "[STATUS] < 500", "the watcher to load the fixed file");
        _ = status;
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body) =>
        _admin.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/yaml"), Ct);

    public async ValueTask DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_token, null);
        await _app.DisposeAsync();
    }
}
