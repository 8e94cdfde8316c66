using Dapper;

namespace StatusBoard.Tests.Web.Hardening;

/// <summary>
/// Findings 3 and 8 of the hardening issue: probes written through the configuration import, the Kuma and Gatus
/// imports and the configuration directory kept their secrets in clear (only POST /api/v1/probes encrypted), an export
/// returned secret bodies in clear, and a header value starting with <c>enc:v1:</c> passed for an encrypted one and
/// broke import, export and the next start. Every probe write path now stores through the same protection.
/// </summary>
public sealed class SecretsAtRestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Planted(string path) => $"planted-{path}-{Guid.NewGuid():N}";

    [Fact]
    public async Task EveryProbeWritePath_StoresNoPlantedSecretInClear_AndAnExportCarriesNone()
    {
        var planted = new[] { "api", "api-body", "json", "json-body", "yaml", "kuma", "gatus", "dir", "channel-secret", "slack-url", "import-secret" }.ToDictionary(p => p, Planted);
        var directory = Directory.CreateTempSubdirectory("statusboard-config-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "probes.yaml"), $$"""
            probes:
              - key: dir-probe
                name: From the directory
                component: payments
                regions: [sg]
                interval: 1m
                request: { url: "https://wallet.invalid/dir", headers: { Authorization: "Bearer {{planted["dir"]}}" } }
                conditions: ["[STATUS] == 200"]
            """, Ct);
        await using var app = new StatusBoardApp(new Dictionary<string, string?> { ["StatusBoard:Config:Directory"] = directory });
        var admin = app.Client(admin: true);

        (await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "api-probe", name = "API", component = "payments", kind = "http", regions = new[] { "sg" }, interval = "1m",
            request = new { method = "POST", url = "https://wallet.invalid/api", headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + planted["api"] },
                body = $$"""{"pin":"{{planted["api-body"]}}"}""", secretBody = true },
            conditions = new[] { "[STATUS] == 200" },
        }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/v1/config", new StringContent($$"""
            { "probes": [ { "key": "json-probe", "name": "JSON", "component": "payments", "regions": ["sg"], "interval": "1m",
                "request": { "method": "POST", "url": "https://wallet.invalid/json", "headers": { "X-Api-Key": "{{planted["json"]}}" },
                  "body": "{\"pin\":\"{{planted["json-body"]}}\"}", "secretBody": true },
                "conditions": ["[STATUS] == 200"] } ] }
            """, Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/v1/config", new StringContent($$"""
            probes:
              - key: yaml-probe
                name: YAML
                component: payments
                regions: [sg]
                interval: 1m
                request: { url: "https://wallet.invalid/yaml", headers: { Authorization: "Bearer {{planted["yaml"]}}" } }
                conditions: ["[STATUS] == 200"]
            """, Encoding.UTF8, "application/yaml"), Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/v1/config/import/kuma?component=payments", new StringContent($$"""
            { "monitorList": [ { "name": "kuma pay", "type": "http", "url": "https://wallet.invalid/kuma", "interval": 60,
                "headers": "{\"Authorization\": \"Bearer {{planted["kuma"]}}\"}", "accepted_statuscodes": ["200-299"] } ] }
            """, Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/v1/config/import/gatus?component=payments", new StringContent($$"""
            endpoints:
              - name: gatus pay
                url: https://wallet.invalid/gatus
                interval: 1m
                headers: { Authorization: "Bearer {{planted["gatus"]}}" }
                conditions: ["[STATUS] == 200"]
            """, Encoding.UTF8, "application/yaml"), Ct)).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/v1/notification-channels/signed", new { type = "webhook", url = "https://hooks.example.com/statusboard", secret = planted["channel-secret"] }, Ct)).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/v1/notification-channels/chat", new { type = "slack", url = "https://hooks.slack.example.com/services/" + planted["slack-url"] }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/v1/config", new StringContent($$"""
            { "notificationChannels": [ { "name": "imported", "type": "webhook", "url": "https://hooks.example.com/imported", "secret": "{{planted["import-secret"]}}" } ] }
            """, Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
        await Wait.ForAsync(() => admin.GetAsync("/api/v1/probes/dir-probe", Ct), response => response.IsSuccessStatusCode, "the directory's probe to be loaded");

        await using (var connection = await app.OpenDatabaseAsync())
        {
            var stored = string.Join("\n", await connection.QueryAsync<string>("SELECT document FROM probes"))
                + string.Join("\n", await connection.QueryAsync<string>("SELECT document FROM notification_channels"));
            Assert.Equal(["api-probe", "dir-probe", "gatus-pay", "json-probe", "kuma-pay", "yaml-probe"], (await connection.QueryAsync<string>("SELECT key FROM probes ORDER BY key")).ToList());
            Assert.All(planted, p => Assert.DoesNotContain(p.Value, stored, StringComparison.Ordinal));
        }

        if (app.PostgresConnectionString is null)
        {
            // The file itself, with its write-ahead log: no copy of a secret anywhere on disk.
            var bytes = Encoding.UTF8.GetString(await ReadSharedAsync(app.DatabasePath)) + Encoding.UTF8.GetString(await ReadSharedAsync(app.DatabasePath + "-wal"));
            Assert.All(planted, p => Assert.DoesNotContain(p.Value, bytes, StringComparison.Ordinal));
        }

        var export = await admin.GetStringAsync("/api/v1/config", Ct);
        Assert.All(planted, p => Assert.DoesNotContain(p.Value, export, StringComparison.Ordinal));
        // The running probes still have their values.
        var shown = await admin.GetJsonAsync("/api/v1/probes/json-probe");
        Assert.Equal(planted["json"], shown.GetProperty("request").GetProperty("headers").GetProperty("X-Api-Key").GetString());
    }

    [Fact]
    public async Task AValueThatLooksEncrypted_IsStoredAsWhatItIs_AndTheServerRestarts()
    {
        await using var app = new StatusBoardApp();
        var admin = app.Client(admin: true);
        var created = await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "forged", name = "Forged", component = "balance", kind = "http", regions = new[] { "sg" }, interval = "1m",
            request = new { url = "{sandbox}/{region}/v2/balance", headers = new Dictionary<string, string> { ["Authorization"] = "enc:v1:not-a-real-ciphertext" } },
            conditions = new[] { "[STATUS] == 200" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/config", Ct)).StatusCode);
        await app.DisposeAsync();

        await using var restarted = app.Restarted();
        var again = restarted.Client(admin: true);
        var probe = await again.GetJsonAsync("/api/v1/probes/forged");

        Assert.Equal("enc:v1:not-a-real-ciphertext", probe.GetProperty("request").GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/config", Ct)).StatusCode);
    }

    [Fact]
    public async Task AStoredSecretThatCannotBeDecrypted_DisablesThatProbeWithTheReason_NotTheServer()
    {
        await using var app = new StatusBoardApp();
        var admin = app.Client(admin: true);
        (await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "broken-secret", name = "Broken", component = "balance", kind = "http", regions = new[] { "sg" }, interval = "1s", timeout = "1s",
            request = new { url = "{sandbox}/{region}/v2/balance", headers = new Dictionary<string, string> { ["Authorization"] = "Bearer ok" } },
            conditions = new[] { "[STATUS] == 200" },
        }, Ct)).EnsureSuccessStatusCode();
        await app.DisposeAsync();
        await using (var connection = await app.OpenDatabaseAsync())
        {
            // As if stored with keys this installation no longer has.
            var document = await connection.QuerySingleAsync<string>("SELECT document FROM probes WHERE key = 'broken-secret'");
            var broken = System.Text.RegularExpressions.Regex.Replace(document, "enc:v1:[^\"]+", "enc:v1:CfDJ8garbage");
            await connection.ExecuteAsync("UPDATE probes SET document = @broken WHERE key = 'broken-secret'", new { broken });
        }

        await using var restarted = app.Restarted();
        var since = DateTimeOffset.UtcNow;
        var results = await Wait.ForAsync(() => restarted.Client(admin: true).ResultsAsync("broken-secret", "sg", since),
            list => list.GetArrayLength() >= 1, "a run of the probe whose secret cannot be read");

        Assert.Equal(("error", "probe-fault"), (results[0].Text("outcome"), results[0].Text("rule")));
        Assert.Contains("cannot be decrypted", results[0].Text("message"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await restarted.Client().GetAsync("/api/v1/health", Ct)).StatusCode);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }
}
