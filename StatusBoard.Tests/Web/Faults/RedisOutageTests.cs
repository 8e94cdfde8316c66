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
public sealed class RedisOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoppedForAMinute_BothNodesServe_ACatchesUpFromTheDatabase_AndLiveResultsFlowAgainAfter()
    {
        await using var redis = await OwnServer.RedisAsync();
        await using var nodes = await TwoNodes.StartAsync(redis.ConnectionString, "sg");
        var (a, b) = (nodes.A, nodes.B);
        using var agent = new HttpClient { BaseAddress = b.BaseAddress };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TwoNodes.AgentKeyAsync(b, "sg", "sg-1"));

        var seen = new ConcurrentQueue<string>();
        await using var hub = await TwoNodes.HubAsync(a, builder => builder.WithAutomaticReconnect(new Forever()));
        hub.On<JsonElement>("result", result => seen.Enqueue(result.Text("id")));
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

    private sealed class Forever : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromMilliseconds(500);
    }

    /// <summary>One sg result delivered to node B as an agent would, under a recognisable id.</summary>
    private static async Task DeliverAsync(HttpClient agent, string id)
    {
        var result = TestResults.Make(DateTimeOffset.UtcNow, probe: "balance", region: "sg", id: id);
        using var response = await agent.PostAsJsonAsync("/api/v1/agent/results", new { batchId = $"batch-{id}", results = new[] { result } }, Json.Options, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
    }
}
