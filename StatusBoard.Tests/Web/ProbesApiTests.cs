namespace StatusBoard.Tests.Web;

public sealed class ProbesApiTests : IDisposable
{
    private readonly StatusBoardApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private const string NewProbe = """
        { "key": "api-balance", "name": "Balance via API", "component": "balance", "regions": ["cn-east", "sg"],
          "interval": "5s", "timeout": "1s",
          "request": { "url": "{sandbox}/{region}/v2/balance", "headers": { "Authorization": "Bearer secret-token", "X-Trace": "visible" } },
          "conditions": ["[STATUS] == 200", "[BODY].currency == \"CNY\""] }
        """;

    [Fact]
    public async Task Post_WithoutKey_Is401AndWritesNothing()
    {
        var anonymous = _app.Client();

        using var response = await anonymous.PostAsync("/api/v1/probes", Body(NewProbe), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Client(admin: true).GetAsync("/api/v1/probes/api-balance", Ct)).StatusCode);
    }

    [Fact]
    public async Task Post_WithUnknownKey_Is401()
    {
        var client = _app.Client();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-real-key-at-all");

        using var response = await client.PostAsync("/api/v1/probes", Body(NewProbe), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Crud_WithAdminKey_CreatesReadsChangesDeletes_AndMasksSecretsForViewers()
    {
        var admin = _app.Client(admin: true);
        var viewer = await _app.ClientWithRoleAsync(StatusBoard.Web.Accounts.Roles.Viewer);
        var anonymous = _app.Client();

        using var created = await admin.PostAsync("/api/v1/probes", Body(NewProbe), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/probes/api-balance", created.Headers.Location?.OriginalString);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/probes/api-balance", Ct)).StatusCode);
        var seen = await viewer.GetJsonAsync("/api/v1/probes/api-balance");
        Assert.Equal("api", seen.Text("source"));
        Assert.Equal("***", seen.GetProperty("request").GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.Equal("visible", seen.GetProperty("request").GetProperty("headers").GetProperty("X-Trace").GetString());
        var asAdmin = await admin.GetJsonAsync("/api/v1/probes/api-balance");
        Assert.Equal("Bearer secret-token", asAdmin.GetProperty("request").GetProperty("headers").GetProperty("Authorization").GetString());

        using var changed = await admin.PutAsync("/api/v1/probes/api-balance", Body(NewProbe.Replace("\"5s\"", "\"20s\"", StringComparison.Ordinal)), Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("20s", (await viewer.GetJsonAsync("/api/v1/probes/api-balance")).Text("interval"));

        using var deleted = await admin.DeleteAsync("/api/v1/probes/api-balance", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/v1/probes/api-balance", Ct)).StatusCode);
    }

    [Fact]
    public async Task Post_Invalid_Is400NamingEachFieldAndWritesNothing()
    {
        var admin = _app.Client(admin: true);
        var invalid = NewProbe
            .Replace("\"balance\",", "\"nope\",", StringComparison.Ordinal)
            .Replace("[BODY].currency == \\\"CNY\\\"", "[BODY].currency CNY", StringComparison.Ordinal)
            .Replace("\"5s\"", "\"often\"", StringComparison.Ordinal);

        using var response = await admin.PostAsync("/api/v1/probes", Body(invalid), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("component", errors);
        Assert.Contains("conditions[1]", errors);
        Assert.Contains("interval", errors);
        Assert.Contains("[BODY].currency CNY", problem.GetProperty("errors").GetProperty("conditions[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/probes/api-balance", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("{ not json", "Malformed JSON")]
    [InlineData("[1,2,3]", "Malformed JSON")]
    [InlineData("null", "Empty body")]
    public async Task Post_Malformed_Is400Problem(string body, string title)
    {
        using var response = await _app.Client(admin: true).PostAsync("/api/v1/probes", Body(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(title, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("title"));
    }

    [Fact]
    public async Task Post_TooLarge_Is413()
    {
        var huge = NewProbe.Replace("Balance via API", new string('x', 300_000), StringComparison.Ordinal);

        using var response = await _app.Client(admin: true).PostAsync("/api/v1/probes", Body(huge), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_ExistingKey_Is409_AndConfigurationProbesAreReadOnly()
    {
        var admin = _app.Client(admin: true);
        (await admin.PostAsync("/api/v1/probes", Body(NewProbe), Ct)).Dispose();

        using var duplicate = await admin.PostAsync("/api/v1/probes", Body(NewProbe), Ct);
        using var fromConfiguration = await admin.DeleteAsync("/api/v1/probes/balance", Ct);

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, fromConfiguration.StatusCode);
        Assert.Contains("StatusBoard:Probes", (await fromConfiguration.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Now_RunsInEveryRegionAndStores()
    {
        var admin = _app.Client(admin: true);

        var run = await (await admin.PostAsync("/api/v1/probes/balance/run", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["cn-east", "cn-south", "sg"], results.Select(r => r.Text("region")).Order());
        Assert.All(results, r => Assert.Equal("up", r.Text("outcome")));
        var id = results[0].Text("id");
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=balance&limit=100"),
            stored => stored.EnumerateArray().Any(r => r.Text("id") == id), "the run-now result to be stored");
    }

    [Fact]
    public async Task Created_SurvivesRestart()
    {
        (await _app.Client(admin: true).PostAsync("/api/v1/probes", Body(NewProbe), Ct)).Dispose();
        _app.Dispose();

        using var restarted = _app.Restarted();
        var probe = await restarted.Client(admin: true).GetJsonAsync("/api/v1/probes/api-balance");

        Assert.Equal("Balance via API", probe.Text("name"));
    }

    [Theory]
    [InlineData("/api/v1/results?limit=0", "limit")]
    [InlineData("/api/v1/results?limit=abc", "limit")]
    [InlineData("/api/v1/results?since=yesterday", "since")]
    public async Task Results_BadQuery_Is400NamingTheParameter(string path, string field)
    {
        using var response = await _app.Client(admin: true).GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Components_ListAndCreate()
    {
        var admin = _app.Client(admin: true);

        using var created = await admin.PostAsync("/api/v1/components", Body("""
            { "key": "cards", "names": { "en": "Cards", "zh-CN": "银行卡" }, "description": "Paying by bank card", "descriptions": { "zh-CN": "使用银行卡支付" }, "position": 9 }
            """), Ct);
        using var invalid = await admin.PostAsync("/api/v1/components", Body("""{ "key": "Bad Key", "names": {} }"""), Ct);
        using var longDescription = await admin.PostAsync("/api/v1/components", Body($$"""{ "key": "points", "names": { "en": "Points" }, "descriptions": { "zh-CN": "{{new string('长', 1001)}}" } }"""), Ct);
        var list = await admin.GetJsonAsync("/api/v1/components");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longDescription.StatusCode);
        Assert.True((await longDescription.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("descriptions.zh-CN", out _));
        Assert.Equal(["payments", "balance", "cards"], list.EnumerateArray().Select(c => c.Text("key")));
        Assert.Equal("银行卡", list[2].GetProperty("names").GetProperty("zh-CN").GetString());
        Assert.Equal("使用银行卡支付", list[2].GetProperty("descriptions").GetProperty("zh-CN").GetString());
        await Wait.ForAsync(() => _app.Client().GetStringAsync("/?lang=zh-CN", Ct), html => html.Contains("<p class=\"component-description\">使用银行卡支付</p>", StringComparison.Ordinal),
            "the public page to describe the new component in Chinese");
    }

    [Fact]
    public async Task SandboxFaults_Invalid_Is400_AndAnonymousIs401()
    {
        using var invalid = await _app.Client(admin: true).PostAsync("/sandbox/faults", Body("""{ "region": "sg", "endpoint": "coffee", "fault": "meteor" }"""), Ct);
        using var anonymous = await _app.Client().PostAsync("/sandbox/faults", Body("""{ "region": "sg", "endpoint": "*", "fault": "outage" }"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("endpoint", out _));
        Assert.True(errors.TryGetProperty("fault", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Healthz_IsOk()
    {
        using var response = await _app.Client().GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync(Ct));
    }

    public void Dispose() => _app.Dispose();
}
