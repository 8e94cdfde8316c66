using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace StatusBoard.Tests.Web;

/// <summary>
/// Two web nodes as separate processes on one PostgreSQL database and one Redis, and a remote agent in eu-west that
/// talks to node B only. Node A leads (it probes cn-east); a dashboard client on A sees the results B took from the
/// agent, through the SignalR backplane, and A's health knows them, through the cluster bus; an incident and a pause
/// made through B reach A's answers; a sign-in on A holds on B. Node A is killed: B takes the lease within a minute
/// and the probing of cn-east goes on from B.
/// </summary>
public sealed class ClusterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoNodes_ShareLiveResults_AndTheLeaseMovesWhenTheLeaderDies()
    {
        await TestServers.EnsureRedisAsync();
        await using var nodes = await TwoNodes.StartAsync(TestServers.Redis, "eu-west",
            "--StatusBoard:Health:ConfirmationCount=2", "--StatusBoard:Health:RecoveryCount=2",
            $"--StatusBoard:Bootstrap:AdminEmail={StatusBoardApp.AdminEmail}", $"--StatusBoard:Bootstrap:AdminPassword={StatusBoardApp.AdminPassword}");
        var (a, b) = (nodes.A, nodes.B);
        // Node A started on the empty database (migrating it) and leads; node B joined.
        var engines = await Wait.ForAsync(async () => (await a.GetJsonAsync("/api/v1/engine"), await b.GetJsonAsync("/api/v1/engine")),
            e => e.Item1.GetProperty("leading").GetBoolean() != e.Item2.GetProperty("leading").GetBoolean(), "one node to lead", TimeSpan.FromSeconds(30));
        Assert.True(engines.Item1.GetProperty("leading").GetBoolean(), "node A started first and leads");
        Assert.Equal("node-a", engines.Item1.Text("node"));

        // A dashboard client on node A; an agent in eu-west that posts to node B only.
        var seen = new ConcurrentQueue<JsonElement>();
        await using var hub = await TwoNodes.HubAsync(a);
        hub.On<JsonElement>("result", seen.Enqueue);
        nodes.Own(Processes.Agent(nodes.Directory, $"http://127.0.0.1:{b.BaseAddress!.Port}", "eu-west", await TwoNodes.AgentKeyAsync(b, "eu-west", "eu-1")));

        await Wait.ForAsync(() => Task.FromResult(seen.Count(r => r.Text("region") == "eu-west")), n => n >= 3,
            "node A's hub client to see eu-west results taken by node B", TimeSpan.FromSeconds(60));
        Assert.All(seen.Where(r => r.Text("region") == "eu-west"), r => Assert.Equal("eu-1", r.Text("agent")));
        // Each result once, though both nodes know it.
        Assert.Equal(seen.Count, seen.Select(r => r.Text("id")).Distinct().Count());
        var healthOnA = await Wait.ForAsync(() => a.GetJsonAsync("/api/v1/health"), h => h.Component("balance").Region("eu-west").Text("status") == "operational",
            "node A's health to know eu-west from node B's results", TimeSpan.FromSeconds(30));
        Assert.Equal("operational", healthOnA.Component("balance").Region("eu-west").Text("status"));

        // What is changed through node B shows on node A: an incident within the public caches' 5 s window (a second
        // of slack for the request itself), a paused probe in A's scheduler at once.
        using var incident = await b.PostAsJsonAsync("/api/v1/incidents",
            new { title = "Top-ups slow at one bank", message = "Looking into it.", impact = "minor", components = new[] { "balance" } }, Ct);
        incident.EnsureSuccessStatusCode();
        await Wait.ForAsync(() => a.GetStringAsync("/api/v2/summary.json", Ct), s => s.Contains("Top-ups slow at one bank", StringComparison.Ordinal),
            "node A's summary.json to show the incident made on node B", TimeSpan.FromSeconds(6));
        (await b.PostAsync("/api/v1/probes/balance/pause", null, Ct)).EnsureSuccessStatusCode();
        await Wait.ForAsync(() => a.GetJsonAsync("/api/v1/engine"), e => e.GetProperty("pairs").GetInt32() == 0, "node A to stop running the probe paused on B", TimeSpan.FromSeconds(10));
        (await b.PostAsync("/api/v1/probes/balance/resume", null, Ct)).EnsureSuccessStatusCode();
        await Wait.ForAsync(() => a.GetJsonAsync("/api/v1/engine"), e => e.GetProperty("pairs").GetInt32() == 1, "node A to run it again once resumed on B", TimeSpan.FromSeconds(10));

        // Signed in through node A, the same cookie opens /ops on node B: both read the key ring in the database.
        var cookies = new System.Net.CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = a.BaseAddress };
        var signedIn = await StatusBoardApp.SignInAsync(browser, StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword);
        Assert.Equal("/ops", signedIn.Headers.Location?.OriginalString);
        using var onB = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = b.BaseAddress };
        onB.DefaultRequestHeaders.Add("Cookie", cookies.GetCookieHeader(a.BaseAddress!));
        using var opsOnB = await onB.GetAsync("/ops", Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, opsOnB.StatusCode);
        var pageOnB = await opsOnB.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-node=\"node-b\" data-leading=\"false\"", pageOnB, StringComparison.Ordinal);

        // The leader dies without handing the lease back.
        nodes.NodeA.Kill();
        await nodes.NodeA.WaitForExitAsync(Ct);
        var killedAt = Stopwatch.StartNew();
        var killedAtTime = TimeProvider.System.GetUtcNow();
        await Wait.ForAsync(() => b.GetJsonAsync("/api/v1/engine"), e => e.GetProperty("leading").GetBoolean(), "node B to take the lease", TimeSpan.FromSeconds(60));
        Assert.True(killedAt.Elapsed < TimeSpan.FromMinutes(1), $"B took over after {killedAt.Elapsed}");
        var holder = await ScalarAsync(nodes.Database, "SELECT holder FROM leases WHERE name = 'primary'");
        Assert.Equal("node-b", holder);
        Assert.Contains("data-node=\"node-b\" data-leading=\"true\"", await onB.GetStringAsync("/ops", Ct), StringComparison.Ordinal);

        // Probing goes on: cn-east is run by node B now.
        var fresh = await Wait.ForAsync(() => b.GetJsonAsync("/api/v1/results?probe=balance&region=cn-east&limit=5"),
            r => r.GetArrayLength() > 0 && r[0].GetProperty("startedAt").GetDateTimeOffset() > killedAtTime && r[0].Text("agent") == "in-process",
            "cn-east results from node B after A died", TimeSpan.FromSeconds(30));
        Assert.True(fresh[0].GetProperty("startedAt").GetDateTimeOffset() > killedAtTime);
        var engineB = await b.GetJsonAsync("/api/v1/engine");
        Assert.Equal(1, engineB.GetProperty("pairs").GetInt32());
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync(Ct);
    }
}
