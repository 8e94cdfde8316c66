using Microsoft.Extensions.Hosting;
using StatusBoard.Probes.Agent;

namespace StatusBoard.Tests.Web;

/// <summary>
/// A remote agent for sg against a server that runs only cn-east and cn-south itself: it reads its probes, runs them,
/// and delivers every result once — also the ones it kept on disk while the server could not be reached.
/// </summary>
public sealed class RemoteAgentTests : AgentServerTest
{
    [Fact]
    public async Task Agent_RunsItsRegion_KeepsResultsWhileTheServerIsAway_AndDeliversEachOnce()
    {
        var admin = App.Client(admin: true);
        using var created = await admin.PostAsJsonAsync("/api/v1/agent-keys", new { region = "sg", name = "sg-1" }, Ct);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("key");
        await using var forwarder = new TcpForwarder(App.ClientOptions.BaseAddress.Port);
        using var agent = Agent($"http://127.0.0.1:{forwarder.Port}", key);
        var runner = agent.Services.GetRequiredService<AgentRunner>();
        var buffer = agent.Services.GetRequiredService<AgentBuffer>();
        await agent.StartAsync(Ct);

        // Running: sg results arrive from the agent and count in health.
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=balance&region=sg&limit=5"), r => r.GetArrayLength() >= 2, "the agent's first results", TimeSpan.FromSeconds(20));
        var health = await App.Client().GetJsonAsync("/api/v1/health");
        Assert.Equal("operational", health.Component("balance").Region("sg").Text("status"));

        // The server goes away: probing goes on, results wait on the agent's disk.
        forwarder.Cut();
        await Wait.ForAsync(() => buffer.CountAsync(Ct), waiting => waiting >= 6, "results to wait on the agent's disk", TimeSpan.FromSeconds(20));

        // It comes back: everything is delivered, once.
        forwarder.Resume();
        await Wait.ForAsync(() => buffer.CountAsync(Ct), waiting => waiting == 0, "the waiting results to be delivered", TimeSpan.FromSeconds(30));
        await agent.StopAsync(Ct);

        var stored = await StoredAsync();
        Assert.Equal(runner.Delivered, stored.Count);
        Assert.Equal(stored.Count, stored.Select(r => r.Id).Distinct().Count());
        Assert.All(stored, r => Assert.Equal(("sg", "sg-1"), (r.Region, r.Agent)));
        Assert.Equal(3, stored.Select(r => r.Probe).Distinct().Count());
    }

    [Fact]
    public async Task Agent_WithNothingWaiting_DeliversItsFirstResultAtOnce_ThenOneRoundPerInterval()
    {
        var admin = App.Client(admin: true);
        using var created = await admin.PostAsJsonAsync("/api/v1/agent-keys", new { region = "sg", name = "sg-prompt" }, Ct);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("key");
        // Rounds an hour apart: only delivering as soon as a result is made can bring the first one within the test.
        using var agent = TestAgents.Host(BufferDirectory, App.ClientOptions.BaseAddress.ToString().TrimEnd('/'), key, new Dictionary<string, string?>
        {
            ["BufferPath"] = Path.Combine(BufferDirectory, "prompt.db"),
            ["DeliverInterval"] = "01:00:00",
        });
        var runner = agent.Services.GetRequiredService<AgentRunner>();
        var buffer = agent.Services.GetRequiredService<AgentBuffer>();
        await agent.StartAsync(Ct);

        await Wait.ForAsync(() => Task.FromResult(runner.Delivered), delivered => delivered >= 1, "the agent's first result to be delivered", TimeSpan.FromSeconds(30));
        var stored = await StoredAsync();
        Assert.Equal(runner.Delivered, stored.Count);
        Assert.All(stored, r => Assert.Equal("sg-prompt", r.Agent));

        // Having delivered, it waits for its round: what comes next waits on disk meanwhile.
        await Wait.ForAsync(() => buffer.CountAsync(Ct), waiting => waiting >= 3, "the next results to wait for the next round", TimeSpan.FromSeconds(30));
        Assert.Equal(stored.Count, (await StoredAsync()).Count);
        await agent.StopAsync(Ct);
    }

    [Fact]
    public async Task AgentProcess_FromTheCommandLine_ReportsSg_AndOnceKilled_SgTurnsBlindNotDown()
    {
        var admin = App.Client(admin: true);
        using var created = await admin.PostAsJsonAsync("/api/v1/agent-keys", new { region = "sg", name = "sg-process" }, Ct);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("key");
        var server = App.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        using var agent = Processes.Agent(BufferDirectory, server, "sg", key);
        try
        {
            await Wait.ForAsync(() => App.Client().GetJsonAsync("/api/v1/health"), h => h.Component("balance").Region("sg").Text("status") == "operational",
                "sg to be reported by the agent process", TimeSpan.FromSeconds(60));
        }
        finally
        {
            agent.Kill();
            await agent.WaitForExitAsync(Ct);
        }

        // Nobody reports sg now: it is blind within a minute (its only agent is silent) — never down, no incident.
        var killed = System.Diagnostics.Stopwatch.StartNew();
        var blind = await Wait.ForAsync(() => App.Client().GetJsonAsync("/api/v1/health"),
            h => h.Component("balance").Region("sg").Text("status") == "blind" && h.Component("payments").Region("sg").Text("status") == "blind",
            "sg to turn blind after the agent died", TimeSpan.FromSeconds(100));
        Assert.True(killed.Elapsed < TimeSpan.FromMinutes(1), $"sg turned blind {killed.Elapsed} after its agent died");
        TestContext.Current.TestOutputHelper?.WriteLine($"sg blind {killed.Elapsed.TotalSeconds:0.0} s after its agent died");
        Assert.Equal("operational", blind.Component("balance").Text("status"));
        Assert.Equal("operational", blind.Component("payments").Text("status"));
        Assert.Equal(0, (await admin.GetJsonAsync("/api/v1/incidents")).GetArrayLength());
        var verdict = await App.Client().GetJsonAsync("/api/v1/verdict?region=sg");
        Assert.Contains("region-blind", verdict.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task TwoAgentProcesses_InSgAndEuWest_AFaultSeenOnlyFromSg_IsRegionalForSg()
    {
        await using var app = new StatusBoardApp(new Dictionary<string, string?>
        {
            // The server probes nothing itself: every result comes from the two agents.
            ["StatusBoard:Probes:LocalRegions:0"] = "none-a", ["StatusBoard:Probes:LocalRegions:1"] = "none-b", ["StatusBoard:Probes:LocalRegions:2"] = "none-c",
            ["StatusBoard:Probes:0:regions:3"] = "eu-west", ["StatusBoard:Probes:1:regions:3"] = "eu-west", ["StatusBoard:Probes:2:regions:3"] = "eu-west",
        });
        var admin = app.Client(admin: true);
        var server = app.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var agents = new List<System.Diagnostics.Process>();
        try
        {
            foreach (var region in (string[])["sg", "eu-west"])
            {
                using var created = await admin.PostAsJsonAsync("/api/v1/agent-keys", new { region, name = $"{region}-1" }, Ct);
                agents.Add(Processes.Agent(BufferDirectory, server, region, (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("key")));
            }

            await Wait.ForAsync(() => app.Client().GetJsonAsync("/api/v1/health"),
                h => h.Component("payments").Region("sg").Text("status") == "operational" && h.Component("payments").Region("eu-west").Text("status") == "operational",
                "both agents to report payments", TimeSpan.FromSeconds(60));
            (await admin.PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "payments", fault = "outage" }, Ct)).EnsureSuccessStatusCode();

            var health = await Wait.ForAsync(() => app.Client().GetJsonAsync("/api/v1/health"), h => h.Component("payments").Text("scope") == "regional",
                "a regional outage of payments", TimeSpan.FromSeconds(30));
            var sg = await app.Client().GetJsonAsync("/api/v1/verdict?region=sg&component=payments");
            var euWest = await app.Client().GetJsonAsync("/api/v1/verdict?region=eu-west&component=payments");

            Assert.NotEqual("operational", health.Component("payments").Region("sg").Text("status"));
            Assert.Equal("operational", health.Component("payments").Region("eu-west").Text("status"));
            Assert.Equal("regional", sg.Text("verdict"));
            Assert.NotEqual("regional", euWest.Text("verdict"));
        }
        finally
        {
            foreach (var agent in agents)
            {
                agent.Kill();
                await agent.WaitForExitAsync(Ct);
                agent.Dispose();
            }
        }
    }

    [Fact]
    public async Task TwoAgentsInOneRegion_EachProbeIsRunByOne_AndASilentAgentsProbesMoveToTheOther()
    {
        await using var app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Probes:LocalRegions:2"] = "cn-north",
            ["StatusBoard:Agents:SilentAfter"] = "00:00:03",
        });
        var admin = app.Client(admin: true);
        var hosts = new List<IHost>();
        var runners = new List<AgentRunner>();
        try
        {
            foreach (var name in (string[])["sg-1", "sg-2"])
            {
                using var created = await admin.PostAsJsonAsync("/api/v1/agent-keys", new { region = "sg", name }, Ct);
                var host = Agent(app.ClientOptions.BaseAddress.ToString(), (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("key"), $"{name}.db", heartbeat: "00:00:00.500");
                hosts.Add(host);
                runners.Add(host.Services.GetRequiredService<AgentRunner>());
                await host.StartAsync(Ct);
            }

            // Both beat; the three sg probes are shared out, each to one of them.
            await Wait.ForAsync(() => Task.FromResult(runners.Select(r => r.Scheduled).ToList()), s => s.Sum() == 3 && runners.All(r => r.Heartbeats >= 2),
                "the two agents to share the three sg probes", TimeSpan.FromSeconds(30));
            var settled = TimeProvider.System.GetUtcNow().AddSeconds(1);
            var window = await Wait.ForAsync(async () => await RecentAsync(admin, settled), r => r.Select(x => x.Probe).Distinct().Count() == 3,
                "results for every sg probe after the share settled", TimeSpan.FromSeconds(30));
            Assert.All(window.GroupBy(r => r.Probe), probe => Assert.Single(probe.Select(r => r.Agent).Distinct()));
            Assert.Equal(runners.Count(r => r.Scheduled > 0), window.Select(r => r.Agent).Distinct().Count());

            // The agent running the most stops; once it is silent, the other runs everything.
            var stopping = runners.IndexOf(runners.MaxBy(r => r.Scheduled)!);
            var survivor = runners[1 - stopping];
            await hosts[stopping].StopAsync(Ct);
            await Wait.ForAsync(() => Task.FromResult(survivor.Scheduled), s => s == 3, "the other agent to take every probe", TimeSpan.FromSeconds(30));
            var after = TimeProvider.System.GetUtcNow().AddSeconds(1);
            var taken = await Wait.ForAsync(async () => await RecentAsync(admin, after), r => r.Select(x => x.Probe).Distinct().Count() == 3,
                "results for every sg probe from the remaining agent", TimeSpan.FromSeconds(30));
            Assert.Single(taken.Select(r => r.Agent).Distinct());
            Assert.Equal(stopping == 0 ? "sg-2" : "sg-1", taken[0].Agent);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
        }
    }

    private static async Task<List<(string Probe, string Agent)>> RecentAsync(HttpClient admin, DateTimeOffset since)
    {
        var all = new List<(string, string)>();
        foreach (var probe in (string[])["payments-create", "payment-journey", "balance"])
        {
            var results = await admin.GetJsonAsync($"/api/v1/results?probe={probe}&region=sg&since={Uri.EscapeDataString(since.ToString("O"))}&limit=50");
            all.AddRange(results.EnumerateArray().Select(r => (r.Text("probe"), r.Text("agent"))));
        }

        return all;
    }

    [Fact]
    public async Task AgentAwayLongerThanItsBufferHolds_SumsTheOldest_AndTheRollupsStillCountEveryRun()
    {
        var admin = App.Client(admin: true);
        using var created = await admin.PostAsJsonAsync("/api/v1/agent-keys", new { region = "sg", name = "sg-small" }, Ct);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("key");
        await using var forwarder = new TcpForwarder(App.ClientOptions.BaseAddress.Port);
        using var agent = Agent($"http://127.0.0.1:{forwarder.Port}", key, "small.db", maxBuffered: "30");
        var buffer = agent.Services.GetRequiredService<AgentBuffer>();
        var runner = agent.Services.GetRequiredService<AgentRunner>();
        await agent.StartAsync(Ct);
        await Wait.ForAsync(() => Task.FromResult(runner.Scheduled), scheduled => scheduled == 3, "the agent to read its probes", TimeSpan.FromSeconds(20));
        forwarder.Cut();

        // Three probes a second with room for 30: the oldest are summed while the server cannot be reached.
        await Wait.ForAsync(() => Task.FromResult(buffer.Summed), summed => summed >= 30, "the agent to sum its oldest results", TimeSpan.FromSeconds(60));
        Assert.InRange(await buffer.CountAsync(Ct), 0, 30);

        forwarder.Resume();
        await Wait.ForAsync(async () => (await buffer.CountAsync(Ct), await buffer.SummariesAsync(Ct)), w => w.Item1 == 0 && w.Item2.Summaries == 0,
            "everything kept to be delivered", TimeSpan.FromSeconds(30));
        await agent.StopAsync(Ct);
        await agent.Services.GetRequiredService<AgentBuffer>().Compacting;

        // Every run counts once in the rollups: those stored one by one, and those only summed.
        var raw = await App.ScalarAsync<long>("SELECT COUNT(*) FROM results WHERE region = 'sg'");
        var counted = await App.ScalarAsync<long>("SELECT SUM(total) FROM rollups WHERE grain = 'minute' AND region = 'sg'");
        var daily = await App.ScalarAsync<long>("SELECT SUM(total) FROM rollups WHERE grain = 'day' AND region = 'sg'");
        Assert.Equal(raw + buffer.Summed, counted);
        Assert.Equal(counted, daily);
        Assert.True(buffer.Summed >= 30);
    }

    private IHost Agent(string server, string key, string buffer = "buffer.db", string heartbeat = "00:00:10", string maxBuffered = "100000") =>
        TestAgents.Host(BufferDirectory, server, key, new Dictionary<string, string?>
        {
            ["BufferPath"] = Path.Combine(BufferDirectory, buffer),
            ["HeartbeatInterval"] = heartbeat,
            ["MaxBufferedResults"] = maxBuffered,
        });

    private async Task<List<(string Id, string Probe, string Region, string Agent)>> StoredAsync()
    {
        await using var connection = await App.OpenDatabaseAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, probe, region, agent FROM results WHERE region = 'sg' ORDER BY started_at";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<(string, string, string, string)>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return rows;
    }
}
