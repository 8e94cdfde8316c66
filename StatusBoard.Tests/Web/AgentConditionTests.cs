using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using StatusBoard.Probes.Agent;

namespace StatusBoard.Tests.Web;

/// <summary>
/// Agents on bad clocks and full disks, as the operator sees them: an agent five minutes off has its results placed
/// at the server's time (fresh, counted in health), never refused or shown stale; an agent whose disk is full keeps
/// the newest results in memory, delivers them, and /ops/agents says so from its heartbeat.
/// </summary>
public sealed class AgentConditionTests : AgentServerTest
{
    [Theory]
    [InlineData(5)]
    [InlineData(-5)]
    public async Task AnAgentWhoseClockIsMinutesOff_HasItsResultsPlacedAtTheServersTime_AndOpsAgentsSaysSo(int minutes)
    {
        var admin = App.Client(admin: true);
        var key = await AgentKeyAsync(admin);
        using var agent = Agent(App.ClientOptions.BaseAddress.ToString().TrimEnd('/'), key, clock: new OffsetClock(TimeSpan.FromMinutes(minutes)));
        await agent.StartAsync(Ct);

        var results = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=balance&region=sg&limit=5"), r => r.GetArrayLength() >= 3, "the agent's results", TimeSpan.FromSeconds(20));
        var now = DateTimeOffset.UtcNow;
        Assert.All(results.EnumerateArray(), r =>
        {
            var placed = r.GetProperty("startedAt").GetDateTimeOffset();
            Assert.InRange(placed, now.AddSeconds(-20), now.AddSeconds(2));
        });
        var health = await App.Client().GetJsonAsync("/api/v1/health");
        Assert.Equal("operational", health.Component("balance").Region("sg").Text("status"));

        var page = await AgentsPageAsync(p => p.Contains("data-clock=\"skewed\"", StringComparison.Ordinal));
        Assert.Contains($"{Math.Abs(minutes)}m {(minutes > 0 ? "ahead" : "behind")}", page, StringComparison.Ordinal);
        await agent.StopAsync(Ct);
    }

    [Fact]
    public async Task AnAgentWhoseDiskIsFull_KeepsTheNewestInMemory_OpsAgentsSaysSo_AndEverythingKeptIsDeliveredAfter()
    {
        var admin = App.Client(admin: true);
        var key = await AgentKeyAsync(admin);
        var refuseResults = true;
        // Between agent and server: heartbeats pass, deliveries are refused until the test lets them through.
        await using var proxy = await LoopbackServer.StartAsync(app => app.Map("/{**path}", async (HttpContext http, string path) =>
        {
            if (refuseResults && path == "api/v1/agent/results")
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            using var forwarded = new HttpRequestMessage(new HttpMethod(http.Request.Method), path + http.Request.QueryString);
            forwarded.Headers.Authorization = System.Net.Http.Headers.AuthenticationHeaderValue.Parse(http.Request.Headers.Authorization.ToString());
            if (http.Request.ContentLength is > 0 || http.Request.Method == "POST")
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                forwarded.Content = new ByteArrayContent(body.ToArray());
                forwarded.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(http.Request.ContentType ?? "application/json");
            }

            using var answer = await App.Client().SendAsync(forwarded);
            var bytes = await answer.Content.ReadAsByteArrayAsync();
            foreach (var header in answer.Headers.Where(h => h.Key.StartsWith("X-StatusBoard", StringComparison.Ordinal)))
            {
                http.Response.Headers[header.Key] = header.Value.ToArray();
            }

            http.Response.StatusCode = (int)answer.StatusCode;
            http.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
            await http.Response.Body.WriteAsync(bytes);
            return Results.Empty;
        }));
        // A buffer file of at most 48 KB stands for a full disk: SQLite answers it with SQLITE_FULL as it would the disk.
        using var agent = Agent(proxy.Address, key, bufferMegabytes: "0.046875", maxInMemory: "40");
        var buffer = agent.Services.GetRequiredService<AgentBuffer>();
        await agent.StartAsync(Ct);

        await Wait.ForAsync(() => Task.FromResult(buffer.State), s => s.DiskFullSince is not null && s.InMemory == 40 && s.DroppedFromMemory > 0, "the disk to fill and memory to take the newest", TimeSpan.FromSeconds(60));
        var page = await AgentsPageAsync(p => p.Contains("data-buffer=\"disk-full\"", StringComparison.Ordinal));
        Assert.Contains("results wait in memory", page, StringComparison.Ordinal);

        refuseResults = false;
        var since = DateTimeOffset.UtcNow;
        await Wait.ForAsync(() => Task.FromResult(buffer.State), s => s.DiskFullSince is null && s.InMemory == 0, "the buffer to recover once deliveries pass", TimeSpan.FromSeconds(30));
        await Wait.ForAsync(() => admin.GetJsonAsync($"/api/v1/results?probe=balance&region=sg&since={Uri.EscapeDataString(since.AddSeconds(-3).ToString("O"))}&limit=5"),
            r => r.GetArrayLength() >= 1, "the newest results, kept in memory, to reach the server");
        await AgentsPageAsync(p => p.Contains("data-buffer=\"ok\"", StringComparison.Ordinal));
        await agent.StopAsync(Ct);
    }

    private async Task<string> AgentsPageAsync(Func<string, bool> until)
    {
        var browser = App.CookieClient();
        Assert.Equal(HttpStatusCode.Redirect, (await StatusBoardApp.SignInAsync(browser, StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword)).StatusCode);
        return await Wait.ForAsync(() => browser.GetStringAsync("/ops/agents", Ct), until, "/ops/agents to show the agent's condition", TimeSpan.FromSeconds(20));
    }

    private static async Task<string> AgentKeyAsync(HttpClient admin)
    {
        using var created = await admin.PostAsJsonAsync("/api/v1/agent-keys", new { region = "sg", name = $"sg-{Guid.NewGuid():N}"[..10] }, Ct);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("key");
    }

    private IHost Agent(string server, string key, TimeProvider? clock = null, string bufferMegabytes = "0", string maxInMemory = "10000") =>
        TestAgents.Host(BufferDirectory, server, key, new Dictionary<string, string?>
        {
            ["BufferPath"] = Path.Combine(BufferDirectory, $"{Guid.NewGuid():N}.db"),
            ["BufferMaxMegabytes"] = bufferMegabytes,
            ["MaxInMemoryResults"] = maxInMemory,
            ["HeartbeatInterval"] = "00:00:00.300",
        }, clock);

    /// <summary>This machine's clock, off by a fixed amount: what an agent without NTP reads. Timers run as usual.</summary>
    private sealed class OffsetClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
