namespace StatusBoard.Tests.Web.Hardening;

/// <summary>
/// Finding 2 of the hardening issue: a 160 KB document nested 80,000 deep killed the process inside the YAML parser.
/// Every parser of input applies its depth and size limits while parsing: each such document is a 400, the process
/// stays up, and the next request is served.
/// </summary>
public sealed class DeepDocumentTests : IAsyncLifetime
{
    private const int Deep = 80_000;
    private readonly StatusBoardApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _admin = _app.Client(admin: true);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public static TheoryData<string, string, string> Documents => new()
    {
        { "/api/v1/config", "application/json", "{\"probes\": " + new string('[', Deep) + new string(']', Deep) + "}" },
        { "/api/v1/config", "application/yaml", "probes: " + new string('[', Deep) + new string(']', Deep) },
        { "/api/v1/config", "application/yaml", "probes:\n" + string.Concat(Enumerable.Range(0, 2_000).Select(i => new string(' ', i) + "- \n")) },
        { "/api/v1/config", "application/yaml", "probes: " + string.Concat(Enumerable.Repeat("{a: ", Deep / 4)) + "1" + new string('}', Deep / 4) },
        { "/api/v1/config/import/kuma?component=payments", "application/json", "{\"monitorList\": " + new string('[', Deep) + new string(']', Deep) + "}" },
        { "/api/v1/config/import/gatus?component=payments", "application/yaml", "endpoints: " + new string('[', Deep) + new string(']', Deep) },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task ADeeplyNestedDocument_Is400_AndTheServerGoesOn(string path, string type, string document)
    {
        var response = await _admin.PostAsync(path, new StringContent(document, Encoding.UTF8, type), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("deep", await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client().GetAsync("/api/v1/health", Ct)).StatusCode);
    }

    [Fact]
    public async Task ADeeplyNestedCondition_Is400_AndTheServerGoesOn()
    {
        var condition = string.Concat(Enumerable.Repeat("len(", 5_000)) + "[BODY]" + new string(')', 5_000) + " == 1";
        var response = await _admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "deep-condition", name = "Deep", component = "balance", kind = "http", regions = new[] { "sg" }, interval = "10s",
            request = new { url = "{sandbox}/{region}/v2/balance" }, conditions = new[] { condition },
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client().GetAsync("/api/v1/health", Ct)).StatusCode);
    }

    [Fact]
    public async Task DeeplyNestedMarkdown_IsShownAsText_AndTheServerGoesOn()
    {
        var created = await _admin.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Nested quotes", message = new string('>', 19_000) + " deep", impact = "minor", components = new[] { "payments" },
        }, Ct);
        var body = await created.Content.ReadAsStringAsync(Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);

        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        var page = await _app.Client().GetAsync($"/incidents/{id}?lang=en", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("&gt;&gt;&gt;&gt; deep", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await _app.Client().GetAsync("/api/v1/health", Ct)).StatusCode);
    }
}
