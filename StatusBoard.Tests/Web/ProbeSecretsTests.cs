using StatusBoard.Probes.Definitions;
using StatusBoard.Web.Accounts;

namespace StatusBoard.Tests.Web;

/// <summary>Probe secrets are encrypted at rest with Data Protection, masked for everyone but an admin's API call, and never sent to a browser.</summary>
public sealed class ProbeSecretsTests : IAsyncDisposable
{
    private const string Token = "Bearer super-secret-token-4711";
    private const string Password = "grant_type=password&password=hunter2-secret";
    private readonly StatusBoardApp _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Probe => new
    {
        key = "secret-probe", name = "Secret probe", component = "payments", kind = "http", regions = new[] { "sg" }, interval = "5s", timeout = "2s",
        request = new { method = "POST", url = "{sandbox}/{region}/v2/sessions", headers = new Dictionary<string, string> { ["Authorization"] = Token, ["X-Trace"] = "visible" }, body = Password, secretBody = true },
        conditions = new[] { "[STATUS] == 200" },
    };

    [Fact]
    public async Task Secrets_AreEncryptedAtRest_MaskedForViewers_AndReadableAgainAfterARestart()
    {
        var admin = _app.Client(admin: true);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/probes", Probe, Ct)).StatusCode);
        var viewer = await _app.ClientWithRoleAsync(Roles.Viewer);

        var stored = await StoredDocumentAsync();
        var asViewer = await viewer.GetJsonAsync("/api/v1/probes/secret-probe");
        var asAdmin = await admin.GetJsonAsync("/api/v1/probes/secret-probe");

        Assert.DoesNotContain("super-secret-token-4711", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", stored, StringComparison.Ordinal);
        Assert.Equal(2, stored.Split(StoredSecrets.Prefix).Length - 1);
        Assert.Contains("visible", stored, StringComparison.Ordinal);
        Assert.Equal(("***", "***", "visible"), (asViewer.GetProperty("request").GetProperty("headers").Text("Authorization"), asViewer.GetProperty("request").Text("body"), asViewer.GetProperty("request").GetProperty("headers").Text("X-Trace")));
        Assert.Equal((Token, Password), (asAdmin.GetProperty("request").GetProperty("headers").Text("Authorization"), asAdmin.GetProperty("request").Text("body")));

        await using var restarted = _app.Restarted();
        var again = await restarted.Client(admin: true).GetJsonAsync("/api/v1/probes/secret-probe");
        Assert.Equal((Token, Password), (again.GetProperty("request").GetProperty("headers").Text("Authorization"), again.GetProperty("request").Text("body")));
    }

    [Fact]
    public async Task TheEditor_NeverSendsASecretToTheBrowser_AndKeepsItWhenLeftMasked()
    {
        var admin = _app.Client(admin: true);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/probes", Probe, Ct)).StatusCode);

        var page = await admin.GetStringAsync("/ops/probes/secret-probe/edit", Ct);

        Assert.DoesNotContain("super-secret-token-4711", page, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", page, StringComparison.Ordinal);
        Assert.Contains(StoredSecrets.Unchanged, page, StringComparison.Ordinal);
        var masked = StoredSecrets.Mask(Json(Probe));
        masked.Name = "Renamed";
        var kept = StoredSecrets.KeepUnchanged(masked, Json(Probe));
        Assert.Equal(("Renamed", Token, Password, "visible"), (kept.Name, kept.Request!.Headers!["Authorization"], kept.Request.Body, kept.Request.Headers["X-Trace"]));
    }

    [Fact]
    public async Task LostKeys_DisableTheProbeWithAMessage_NotTheServer_AndNeverSendGarbageSecrets()
    {
        var admin = _app.Client(admin: true);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/probes", Probe, Ct)).StatusCode);
        var otherKeys = Directory.CreateTempSubdirectory("statusboard-otherkeys-").FullName;

        await using var restarted = _app.Restarted(new Dictionary<string, string?> { ["StatusBoard:DataProtection:KeysDirectory"] = otherKeys });
        var results = await Wait.ForAsync(() => restarted.Client(admin: true).GetJsonAsync("/api/v1/results?probe=secret-probe&limit=5"),
            list => list.EnumerateArray().Any(r => r.Text("outcome") == "error"), "the probe whose secret cannot be read to run as an error");
        var error = results.EnumerateArray().First(r => r.Text("outcome") == "error");

        Assert.Contains("A secret of probe 'secret-probe' cannot be decrypted", error.Text("message"), StringComparison.Ordinal);
        Assert.Contains("StatusBoard:DataProtection:KeysDirectory", error.Text("message"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await restarted.Client().GetAsync("/api/v1/health", Ct)).StatusCode);
    }

    private static ProbeDocument Json(object probe) => StatusBoard.Probes.Common.Json.Deserialize<ProbeDocument>(StatusBoard.Probes.Common.Json.Serialize(probe))!;

    private Task<string> StoredDocumentAsync() => _app.ScalarAsync<string>("SELECT document FROM probes WHERE key = 'secret-probe'");
}
