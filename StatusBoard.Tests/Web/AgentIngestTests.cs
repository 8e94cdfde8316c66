using System.Net.Http.Headers;
using StatusBoard.Web.Accounts;

namespace StatusBoard.Tests.Web;

/// <summary>
/// Remote agents deliver result batches with a key scoped to their region: stored once however often a batch comes,
/// and refused whole, changing nothing, when forged, misassigned, from the far future or past, or too large.
/// </summary>
public sealed class AgentIngestTests : IAsyncDisposable
{
    private readonly StatusBoardApp _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AdminCreatesARegionKey_ShownOnce_AndTheAgentReadsItsRegionsProbes()
    {
        var admin = _app.Client(admin: true);
        var viewer = await _app.ClientWithRoleAsync(Roles.Viewer);

        using var created = await admin.PostAsJsonAsync("/api/v1/agent-keys", new { region = "sg", name = "sg-1" }, Ct);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var refused = await viewer.PostAsJsonAsync("/api/v1/agent-keys", new { region = "sg", name = "sg-2" }, Ct);
        using var invalid = await admin.PostAsJsonAsync("/api/v1/agent-keys", new { region = "Not A Region", name = "" }, Ct);
        var listed = await admin.GetStringAsync("/api/v1/agent-keys", Ct);
        var probes = await Agent(body.Text("key")).GetJsonAsync("/api/v1/agent/probes");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("sba_", body.Text("key"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("region", out _) && errors.TryGetProperty("name", out _));
        Assert.Contains("sg-1", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(body.Text("key"), listed, StringComparison.Ordinal);
        Assert.Equal(["balance", "payment-journey", "payments-create"], probes.EnumerateArray().Select(p => p.Text("key")).Order());
        Assert.NotEqual(body.Text("key"), await StoredHashAsync());
    }

    [Fact]
    public async Task ABatchSentAgain_IsStoredOnce_AndTheAgentsResultsAreItsOwn()
    {
        var (_, key) = await CreateKeyAsync("sg", "sg-agent");
        var agent = Agent(key);
        var now = TimeProvider.System.GetUtcNow();
        var batch = Batch("batch-1", Enumerable.Range(0, 3).Select(i => Result($"agent-result-{i}", "balance", "sg", now.AddSeconds(-10 + i))).ToArray());

        using var first = await agent.PostAsJsonAsync("/api/v1/agent/results", batch, Ct);
        using var again = await agent.PostAsJsonAsync("/api/v1/agent/results", batch, Ct);
        using var sameResultsNewBatch = await agent.PostAsJsonAsync("/api/v1/agent/results", Batch("batch-2", (object[])batch.GetType().GetProperty("results")!.GetValue(batch)!), Ct);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(3, (await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accepted").GetInt32());
        var replay = await again.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((HttpStatusCode.OK, true, 3), (again.StatusCode, replay.GetProperty("duplicate").GetBoolean(), replay.GetProperty("accepted").GetInt32()));
        Assert.Equal(0, (await sameResultsNewBatch.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accepted").GetInt32());
        Assert.Equal(3, await CountAsync("SELECT COUNT(*) FROM results WHERE id LIKE 'agent-result-%' AND agent = 'sg-agent' AND component = 'balance'"));
    }

    [Fact]
    public async Task ForgedMisassignedFarOffAndOversizedBatches_AreRefusedWithReasons_AndChangeNothing()
    {
        var (id, key) = await CreateKeyAsync("sg", "sg-agent");
        var now = TimeProvider.System.GetUtcNow();
        var good = Result("good-1", "balance", "sg", now);
        var answers = new List<(string What, HttpResponseMessage Response, string Expected)>
        {
            ("forged key", await Agent("sba_forged000000000000000000000000000000000000000").PostAsJsonAsync("/api/v1/agent/results", Batch("b1", good), Ct), "Unknown agent key"),
            ("admin key is not an agent key", await _app.Client(admin: true).PostAsJsonAsync("/api/v1/agent/results", Batch("b2", good), Ct), "Unknown agent key"),
            ("another region", await Agent(key).PostAsJsonAsync("/api/v1/agent/results", Batch("b3", good, Result("r-east", "balance", "cn-east", now)), Ct), "is not this key's region 'sg'"),
            ("unknown probe", await Agent(key).PostAsJsonAsync("/api/v1/agent/results", Batch("b4", good, Result("r-nope", "nope", "sg", now)), Ct), "probe 'nope' does not exist"),
            ("far future", await Agent(key).PostAsJsonAsync("/api/v1/agent/results", Batch("b5", good, Result("r-future", "balance", "sg", now.AddHours(2))), Ct), "is in the future"),
            ("far past", await Agent(key).PostAsJsonAsync("/api/v1/agent/results", Batch("b6", good, Result("r-past", "balance", "sg", now.AddDays(-30))), Ct), "is older than raw results are kept"),
            ("oversized", await Agent(key).PostAsJsonAsync("/api/v1/agent/results", Batch("b7", Enumerable.Range(0, 1001).Select(i => Result($"r-{i}", "balance", "sg", now)).ToArray()), Ct), "at most 1000 results"),
            ("no batch id", await Agent(key).PostAsJsonAsync("/api/v1/agent/results", new { results = new[] { good } }, Ct), "batchId"),
            ("not JSON", await Agent(key).PostAsync("/api/v1/agent/results", new StringContent("{\"batchId\":", System.Text.Encoding.UTF8, "application/json"), Ct), "Malformed JSON"),
        };
        (await _app.Client(admin: true).DeleteAsync($"/api/v1/agent-keys/{id}", Ct)).EnsureSuccessStatusCode();
        answers.Add(("revoked key", await Agent(key).PostAsJsonAsync("/api/v1/agent/results", Batch("b8", good), Ct), "Unknown agent key"));

        foreach (var (what, response, expected) in answers)
        {
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what}: {(int)response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(Strings(JsonDocument.Parse(text).RootElement).Any(s => s.Contains(expected, StringComparison.Ordinal)), $"{what}: {text}");
        }

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM results WHERE agent = 'sg-agent'"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM agent_batches"));
    }

    [Fact]
    public async Task Heartbeats_ShareTheRegionsProbes_BetweenLiveAgents_AndABadInstanceIsRefused()
    {
        var (_, key) = await CreateKeyAsync("sg", "sg-pair");
        var agent = Agent(key);

        var alone = await HeartbeatAsync(agent, "first");
        var first = await HeartbeatAsync(agent, "first");
        var second = await HeartbeatAsync(agent, "second");
        var firstAgain = await HeartbeatAsync(agent, "first");
        var firstProbes = await agent.GetAsync("/api/v1/agent/probes?instance=first", Ct);
        using var noInstance = await agent.PostAsJsonAsync("/api/v1/agent/heartbeat", new { }, Ct);
        using var badInstance = await agent.PostAsJsonAsync("/api/v1/agent/heartbeat", new { instance = "../../etc" }, Ct);
        using var badQuery = await agent.GetAsync("/api/v1/agent/probes?instance=%20", Ct);

        string[] all = ["balance", "payment-journey", "payments-create"];
        Assert.Equal(all, Assigned(alone).Order());
        Assert.Equal(Assigned(alone), Assigned(first));
        // With two live agents each probe is the one's or the other's, never both, and both answer alike.
        Assert.Empty(Assigned(firstAgain).Intersect(Assigned(second)));
        Assert.Equal(all, Assigned(firstAgain).Concat(Assigned(second)).Order());
        Assert.Equal(Assigned(firstAgain).Order(), (await firstProbes.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray().Select(p => p.Text("key")).Order());
        Assert.Equal(firstAgain.Text("version"), firstProbes.Headers.GetValues("X-StatusBoard-Assignment").Single());
        Assert.Equal(HttpStatusCode.BadRequest, noInstance.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badInstance.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM agent_heartbeats WHERE region = 'sg'"));
    }

    private static async Task<JsonElement> HeartbeatAsync(HttpClient agent, string instance)
    {
        using var response = await agent.PostAsJsonAsync("/api/v1/agent/heartbeat", new { instance }, Ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static IEnumerable<string> Assigned(JsonElement heartbeat) => heartbeat.GetProperty("assigned").EnumerateArray().Select(p => p.GetString()!);

    [Fact]
    public async Task Summaries_AreMergedOnce_AndBadOnesRefusedWithTheirReasons()
    {
        var (_, key) = await CreateKeyAsync("sg", "sg-summing");
        var agent = Agent(key);
        var minute = new DateTimeOffset(TimeProvider.System.GetUtcNow().AddMinutes(-30).UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var good = Summary("s-1", minute, total: 4, up: 3, down: 1, histogram: "25:4", categories: new Dictionary<string, long> { ["server"] = 1 });
        var bad = new[]
        {
            (Summary("s-2", minute.AddSeconds(7), 1, 1, 0, "25:1"), "on the minute"),
            (Summary("s-3", minute, 4, 1, 1, "25:4"), "up + degraded + down"),
            (Summary("s-4", minute, 2, 2, 0, "25:5"), "histogram must count"),
            (Summary("s-5", minute, 1, 0, 1, "25:1", new Dictionary<string, long> { ["gremlins"] = 1 }), "known failure categories"),
            (Summary("s-6", minute.AddHours(3), 1, 1, 0, "25:1"), "is in the future"),
        };

        using var first = await agent.PostAsJsonAsync("/api/v1/agent/results", new { batchId = "sum-1", summaries = new[] { good } }, Ct);
        using var sameSummaryNewBatch = await agent.PostAsJsonAsync("/api/v1/agent/results", new { batchId = "sum-2", summaries = new[] { good } }, Ct);
        var refusals = new List<(HttpResponseMessage Response, string Expected)>();
        foreach (var (summary, expected) in bad)
        {
            refusals.Add((await agent.PostAsJsonAsync("/api/v1/agent/results", new { batchId = $"bad-{expected}", summaries = new[] { summary } }, Ct), expected));
        }

        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accepted").GetInt32());
        Assert.Equal(0, (await sameSummaryNewBatch.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accepted").GetInt32());
        foreach (var (response, expected) in refusals)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(Strings(await response.Content.ReadFromJsonAsync<JsonElement>(Ct)), s => s.Contains(expected, StringComparison.Ordinal));
            response.Dispose();
        }

        // The server probes sg itself too, now: only the summary's minute is the summary's alone.
        Assert.Equal(4, await CountAsync($"SELECT SUM(total) FROM rollups WHERE grain = 'minute' AND region = 'sg' AND probe = 'balance' AND bucket = {minute.ToUnixTimeMilliseconds()}"));
        Assert.Equal(1, await CountAsync($"SELECT SUM(down) FROM rollups WHERE grain = 'minute' AND region = 'sg' AND probe = 'balance' AND bucket = {minute.ToUnixTimeMilliseconds()}"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM results WHERE region = 'sg' AND agent = 'sg-summing'"));
    }

    private static object Summary(string id, DateTimeOffset minute, long total, long up, long down, string histogram, Dictionary<string, long>? categories = null) => new
    {
        id, probe = "balance", region = "sg", minute, total, up, degraded = 0, down, latencySum = total * 30.0, latencyMax = 30.0, histogram,
        categories = categories ?? new Dictionary<string, long>(),
    };

    /// <summary>Every string a problem holds, titles and field messages alike, as decoded text.</summary>
    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Append(p.Name)),
        _ => [],
    };

    private async Task<(string Id, string Key)> CreateKeyAsync(string region, string name)
    {
        using var created = await _app.Client(admin: true).PostAsJsonAsync("/api/v1/agent-keys", new { region, name }, Ct);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (body.Text("id"), body.Text("key"));
    }

    private HttpClient Agent(string key)
    {
        var client = _app.Client(followRedirects: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static object Batch(string batchId, params object[] results) => new { batchId, results };

    private static object Result(string id, string probe, string region, DateTimeOffset at) => new
    {
        id, probe, component = "whatever", region, agent = "claims-to-be-someone", startedAt = at, durationMs = 42.5, outcome = "up", httpStatus = 200, message = "ok",
        conditions = new[] { new { condition = "[STATUS] == 200", success = true, display = "[STATUS] == 200" } },
    };

    private Task<long> CountAsync(string sql) => _app.ScalarAsync<long>(sql);

    private Task<string> StoredHashAsync() => _app.ScalarAsync<string>("SELECT hash FROM agent_keys");
}
