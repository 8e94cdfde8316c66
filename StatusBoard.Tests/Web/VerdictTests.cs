using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StatusBoard.Tests.Support;

namespace StatusBoard.Tests.Web;

/// <summary>End to end: the verdict follows real sandbox faults, the app version, and a burst of user reports.</summary>
public sealed class VerdictTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly StatusBoardApp _app = new(new Dictionary<string, string?>
    {
        ["StatusBoard:Verdict:MinimumAppVersion"] = "5.0.0",
        ["StatusBoard:Reports:PerClientLimit"] = "8",
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Verdict_FollowsFaults_RegionalThenPlatformWide()
    {
        var admin = _app.Client(admin: true);

        await Switch(admin, "sg", "outage");
        var mine = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/verdict?component=payments&region=sg"),
            v => v.Text("verdict") == "regional", "a regional verdict in sg", Deadline);
        var elsewhere = await admin.GetJsonAsync("/api/v1/verdict?component=payments&region=cn-east");
        Assert.Equal("local", elsewhere.Text("verdict"));
        Assert.Contains(mine.GetProperty("advice").EnumerateArray(), a => a.GetString() == "check-transaction-history");
        Assert.Contains(mine.GetProperty("evidence").EnumerateArray(), e => e.Text("text").Contains("(failing: sg)", StringComparison.Ordinal));

        await Switch(admin, "*", "outage");
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/verdict?component=payments&region=cn-east"),
            v => v.Text("verdict") == "platform-wide", "a platform-wide verdict", Deadline);
        await Switch(admin, "*", "none");
        await Switch(admin, "sg", "none");
    }

    [Fact]
    public async Task Verdict_OldAppVersion_IsLocalWithTheReason()
    {
        var verdict = await _app.Client().GetJsonAsync("/api/v1/verdict?region=sg&appVersion=4.8.0");

        Assert.Equal("local", verdict.Text("verdict"));
        Assert.Contains(verdict.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "app-version-unsupported");
        Assert.Contains(verdict.GetProperty("advice").EnumerateArray(), a => a.GetString() == "update-app");
    }

    [Fact]
    public async Task Reports_BurstWithHealthyProbes_IsInvestigating_ThenRateLimited()
    {
        var client = _app.Client();
        for (var i = 0; i < 6; i++)
        {
            using var created = await client.PostAsJsonAsync("/api/v1/reports",
                new { component = "payments", symptom = "payment-failed", region = "sg", appVersion = "5.1.0", text = "<script>alert(1)</script> 付款失败" }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var verdict = await client.GetJsonAsync("/api/v1/verdict?component=payments&region=sg");
        Assert.Equal("investigating", verdict.Text("verdict"));
        Assert.Contains(verdict.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "reports-elevated");

        HttpStatusCode last = HttpStatusCode.Created;
        for (var i = 0; i < 4 && last != HttpStatusCode.TooManyRequests; i++)
        {
            using var more = await client.PostAsJsonAsync("/api/v1/reports", new { component = "payments", symptom = "other" }, Ct);
            last = more.StatusCode;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
    }

    [Theory]
    [InlineData("""{ "component": "payments", "symptom": "angry" }""", "symptom")]
    [InlineData("""{ "component": "coffee", "symptom": "other" }""", "component")]
    [InlineData("""{ "component": "payments", "symptom": "other", "appVersion": "five" }""", "appVersion")]
    [InlineData("""{ "component": "payments", "symptom": "other", "region": "../etc" }""", "region")]
    public async Task Reports_Invalid_Is400NamingTheField(string body, string field)
    {
        using var response = await _app.Client().PostAsync("/api/v1/reports", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Verdict_UnknownComponent_Is400()
    {
        using var response = await _app.Client().GetAsync("/api/v1/verdict?component=coffee", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task Switch(HttpClient admin, string region, string fault)
    {
        using var response = await admin.PostAsJsonAsync("/sandbox/faults", new { region, endpoint = "payments", fault }, Ct);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _app.Dispose();
}
