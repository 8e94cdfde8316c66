using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.SignalR.Client;
using StatusBoard.Probes.Common;

namespace StatusBoard.Tests.Web.Faults;

/// <summary>
/// Two web nodes on one PostgreSQL database and a Redis of the test's own, stopped for a minute: both nodes keep
/// serving; node A learns from the database what node B took meanwhile; once Redis is back, a result taken by B
/// reaches the dashboard client on A again, and nothing taken is counted twice.
/// </summary>
[Trait("Servers", "own")]
public sealed class RedisOutageTests : IAsyncDisposable
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);
    private readonly List<IAsyncDisposable> _owned = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    private const string AdminKey = "redis-outage-admin-key-0000000001";

    /// <summary>One probe, run in cn-east by whichever node leads; sg is reported by an agent that delivers to node B.</summary>
    private const string Configuration = """
        {
          "StatusBoard": {
            "Sandbox": { "Enabled": true, "SettleAfter": "00:00:00.100" },
            "Components": [ { "key": "balance", "names": { "en": "Wallet balance" }, "position": 1 } ],
            "Probes": {
              "LocalRegions": [ "cn-east" ],
              "AllowedPrivateNetworks": [ "127.0.0.0/8" ],
              "0": {
                "key": "balance", "name": "Wallet balance", "component": "balance", "kind": "http",
                "regions": [ "cn-east", "sg" ], "interval": "1s", "timeout": "1s",
                "request": { "url": "{sandbox}/{region}/v2/balance" },
                "conditions": [ "[STATUS] == 200" ]
              }
            }
          }
        }
        """;

    [Fact]
    public async Task StoppedForAMinute_BothNodesServe_ACatchesUpFromTheDatabase_AndLiveResultsFlowAgainAfter()
    {
        var redis = await OwnServer.RedisAsync();
        _owned.Add(redis);
        var directory = Directory.CreateTempSubdirectory("statusboard-redis-outage-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), Configuration, Ct);
        var database = await TestServers.NewPostgresSchemaAsync();
        var cluster = $"redis-outage-{Guid.NewGuid():N}";
        var (portA, portB) = (Processes.FreePort(), Processes.FreePort());
        Process Node(int port, string name) => Processes.ServerOn(directory, port, database, AdminKey,
            "--StatusBoard:Storage:Provider=postgres", $"--StatusBoard:Cluster:Redis={redis.ConnectionString}", $"--StatusBoard:Cluster:Name={cluster}",
            $"--StatusBoard:Cluster:NodeName={name}");
        using var a = Client(portA);
        using var b = Client(portB);
        var nodeA = Node(portA, "node-a");
        _owned.Add(new Stopping(nodeA));
        await Processes.WaitUntilUpAsync(a, nodeA);
        var nodeB = Node(portB, "node-b");
        _owned.Add(new Stopping(nodeB));
        await Processes.WaitUntilUpAsync(b, nodeB);
        using var created = await b.PostAsJsonAsync("/api/v1/agent-keys", new { region = "sg", name = "sg-1" }, Ct);
        using var agent = new HttpClient { BaseAddress = b.BaseAddress };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("key"));

        var seen = new ConcurrentQueue<string>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(a.BaseAddress!, "/hubs/status"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(AdminKey))
            .WithAutomaticReconnect(new Forever())
            .Build();
        hub.On<JsonElement>("result", result => seen.Enqueue(result.Text("id")));
        await hub.StartAsync(Ct);
        await Wait.ForAsync(async () =>
        {
            await DeliverAsync(agent, $"before-{Guid.NewGuid():N}");
            return seen.Any(id => id.StartsWith("before-", StringComparison.Ordinal));
        }, s => s, "a result taken by B to reach A's hub client", TimeSpan.FromSeconds(30));

        await redis.StopAsync();
        // Read back from the database, times are whole milliseconds.
        var stopped = DateTimeOffset.UtcNow.AddMilliseconds(-1);
        // Meanwhile B takes sg results: A has them from the database, not from Redis.
        await DeliverAsync(agent, "during");
        await Wait.ForAsync(() => a.GetJsonAsync("/api/v1/health"), h => LastResult(h) >= stopped,
            "node A's health to know the result B took while Redis was away", TimeSpan.FromSeconds(30));
        foreach (var node in new[] { a, b })
        {
            using var anonymous = new HttpClient { BaseAddress = node.BaseAddress };
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/v2/summary.json", Ct)).StatusCode);
        }

        // A minute away, by the clock of the leader's own runs.
        await Wait.ForAsync(() => a.GetJsonAsync("/api/v1/results?region=cn-east&limit=1"), r => r.GetArrayLength() == 1 && r[0].GetProperty("startedAt").GetDateTimeOffset() >= stopped + Outage,
            "a minute of Redis outage", Outage + TimeSpan.FromSeconds(20));
        var late = DateTimeOffset.UtcNow.AddMilliseconds(-1);
        await DeliverAsync(agent, "late");
        await Wait.ForAsync(() => a.GetJsonAsync("/api/v1/health"), h => LastResult(h) >= late, "node A to know the late result too", TimeSpan.FromSeconds(30));
        await redis.StartAsync();

        await Wait.ForAsync(async () =>
        {
            await DeliverAsync(agent, $"after-{Guid.NewGuid():N}");
            return seen.Any(id => id.StartsWith("after-", StringComparison.Ordinal));
        }, s => s, "results taken by B to reach A's hub client once Redis is back", TimeSpan.FromSeconds(60));
        var health = await a.GetJsonAsync("/api/v1/health");
        Assert.Equal("operational", health.Component("balance").Region("sg").Text("status"));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    private static DateTimeOffset LastResult(JsonElement health) =>
        health.Component("balance").Region("sg").Text("lastResultAt") is { Length: > 0 } at ? DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) : DateTimeOffset.MinValue;

    private static HttpClient Client(int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    private sealed class Forever : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromMilliseconds(500);
    }

    /// <summary>A node process, stopped when the test ends.</summary>
    private sealed class Stopping(Process process) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync(CancellationToken.None);
            process.Dispose();
        }
    }

    /// <summary>One sg result delivered to node B as an agent would, under a recognisable id.</summary>
    private static async Task DeliverAsync(HttpClient agent, string id)
    {
        var result = TestResults.Make(DateTimeOffset.UtcNow, probe: "balance", region: "sg", id: id);
        using var response = await agent.PostAsJsonAsync("/api/v1/agent/results", new { batchId = $"batch-{id}", results = new[] { result } }, Json.Options, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
    }
}
