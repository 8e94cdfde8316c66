namespace StatusBoard.Tests.Web.Hardening;

/// <summary>
/// Finding 11 of the hardening issue: 10,000 probes at 1 s were imported in 1.3 s and left the scheduler 5 s late, and a
/// probe with 1,000 regions was accepted. MaxProbes, MaxRegionsPerProbe and MaxRunsPerSecond now refuse what exceeds
/// them at save and at import, naming the budget.
/// </summary>
public sealed class ProbeBudgetTests : IAsyncLifetime
{
    // The fast configuration has 3 probes in 3 regions at 1 s: 9 runs a second, 3 probes.
    private readonly StatusBoardApp _app = new(new Dictionary<string, string?>
    {
        ["StatusBoard:Probes:MaxProbes"] = "10",
        ["StatusBoard:Probes:MaxRegionsPerProbe"] = "4",
        ["StatusBoard:Probes:MaxRunsPerSecond"] = "12",
    });

    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _admin = _app.Client(admin: true);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static object Probe(string key, int regions, string interval) => new
    {
        key, name = key, component = "balance", kind = "http", interval,
        regions = Enumerable.Range(0, regions).Select(i => $"r{i}").ToArray(),
        request = new { url = "{sandbox}/{region}/v2/balance" }, conditions = new[] { "[STATUS] == 200" },
    };

    private static async Task<string> RefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").ToString();
    }

    [Fact]
    public async Task AProbeWithTooManyRegions_OrOneThatWouldRunTooOften_IsRefusedAtSave_NamingTheBudget()
    {
        var regions = await RefusalAsync(await _admin.PostAsJsonAsync("/api/v1/probes", Probe("wide", 1000, "1m"), Ct));
        var often = await RefusalAsync(await _admin.PostAsJsonAsync("/api/v1/probes", Probe("often", 4, "1s"), Ct));
        var fits = await _admin.PostAsJsonAsync("/api/v1/probes", Probe("fits", 3, "1s"), Ct);

        Assert.Contains("StatusBoard:Probes:MaxRegionsPerProbe (4)", regions, StringComparison.Ordinal);
        Assert.Contains("StatusBoard:Probes:MaxRunsPerSecond (12)", often, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/probes/often", Ct)).StatusCode);
    }

    [Fact]
    public async Task AnImportOverTheBudget_IsRefusedWhole_NamingTheBudget()
    {
        var many = new { probes = Enumerable.Range(0, 20).Select(i => Probe($"many-{i:00}", 1, "1h")).ToArray() };

        var errors = await RefusalAsync(await _admin.PostAsync("/api/v1/config", JsonContent.Create(many), Ct));
        var nothingWritten = (await _admin.GetAsync("/api/v1/probes/many-00", Ct)).StatusCode;
        var small = await _admin.PostAsync("/api/v1/config", new StringContent(JsonSerializer.Serialize(new { probes = many.probes.Take(5) }), Encoding.UTF8, "application/json"), Ct);

        Assert.Contains("would make 23 probes, over StatusBoard:Probes:MaxProbes (10)", errors, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, nothingWritten);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }
}
