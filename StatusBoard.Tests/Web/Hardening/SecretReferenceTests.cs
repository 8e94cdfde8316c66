namespace StatusBoard.Tests.Web.Hardening;

/// <summary>
/// Finding 6 of the hardening issue: an admin's probe URL <c>…/${StatusBoard__Bootstrap__AdminPassword}/…</c> put the
/// password into a result excerpt viewers read, and a 400 naming an unset variable told which exist. References now
/// read only variables named <c>STATUSBOARD_SECRET_…</c> or listed in <c>StatusBoard:Secrets:Allowed</c>.
/// </summary>
public sealed class SecretReferenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Probe(string key, string url) => new
    {
        key, name = key, component = "balance", kind = "http", regions = new[] { "sg" }, interval = "1m",
        request = new { url }, conditions = new[] { "[STATUS] == 200" },
    };

    [Fact]
    public async Task AReferenceToAnyOtherVariable_IsRefusedAtSave_AndSaysNothingOfWhetherItExists()
    {
        // The policy is the process's, set from configuration at start: every test app keeps the default.
        await using var app = new StatusBoardApp();
        var admin = app.Client(admin: true);
        var variable = $"STATUSBOARD_SECRET_PARTNER_{Guid.NewGuid():N}".ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, "partner-token");

        var password = await admin.PostAsJsonAsync("/api/v1/probes", Probe("leak", "{sandbox}/{region}/v2/balance?p=${StatusBoard__Bootstrap__AdminPassword}"), Ct);
        var home = await admin.PostAsJsonAsync("/api/v1/probes", Probe("home", "{sandbox}/{region}/v2/balance?p=${HOME}"), Ct);
        var nowhere = await admin.PostAsJsonAsync("/api/v1/probes", Probe("nowhere", "{sandbox}/{region}/v2/balance?p=${NOT_SET_ANYWHERE_X}"), Ct);
        var allowed = await admin.PostAsJsonAsync("/api/v1/probes", Probe("allowed", "{sandbox}/{region}/v2/balance?p=${" + variable + "}"), Ct);
        var prefixed = await admin.PostAsJsonAsync("/api/v1/probes", Probe("prefixed", "{sandbox}/{region}/v2/balance?p=${STATUSBOARD_SECRET_NOT_SET_X}"), Ct);

        var refusals = new List<string>();
        foreach (var response in new[] { password, home, nowhere })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            refusals.Add((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("request")[0].GetString()!);
        }

        Assert.All(refusals, r => Assert.Contains("which StatusBoard does not read: only variables named STATUSBOARD_SECRET_", r, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, prefixed.StatusCode);
        Assert.Contains("which is not set in the environment", await prefixed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/probes/leak", Ct)).StatusCode);
    }

    [Fact]
    public void ThePolicy_ReadsThePrefixAndTheAllowedNamesOnly()
    {
        var policy = new StatusBoard.Probes.Definitions.SecretReferencePolicy("WALLET_SECRET_", new HashSet<string> { "PARTNER_TOKEN" });

        Assert.True(StatusBoard.Probes.Definitions.Secrets.IsReadable("WALLET_SECRET_PAY", policy));
        Assert.True(StatusBoard.Probes.Definitions.Secrets.IsReadable("PARTNER_TOKEN", policy));
        Assert.False(StatusBoard.Probes.Definitions.Secrets.IsReadable("STATUSBOARD_SECRET_PAY", policy));
        Assert.False(StatusBoard.Probes.Definitions.Secrets.IsReadable("StatusBoard__Bootstrap__AdminPassword", policy));
        Assert.False(StatusBoard.Probes.Definitions.Secrets.IsReadable("wallet_secret_pay", policy));
    }
}
