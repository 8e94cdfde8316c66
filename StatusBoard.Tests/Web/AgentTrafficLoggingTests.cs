using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace StatusBoard.Tests.Web;

/// <summary>
/// With the logging the product ships (appsettings.json), an agent's normal traffic — reading its probes and posting
/// result batches every beat — writes no information line per request on the server: a log that grows with the
/// number of agents buries what matters.
/// </summary>
public sealed class AgentTrafficLoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwentyAgentRequests_WithTheShippedLogLevels_WriteNoInformationLinePerRequest()
    {
        var collector = new FakeLogCollector();
        await using var app = new StatusBoardApp(ShippedLogLevels())
        {
            TestServices = services => services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(collector))),
        };
        var admin = app.Client(admin: true);
        using var created = await admin.PostAsJsonAsync("/api/v1/agent-keys", new { region = "sg", name = "sg-quiet" }, Ct);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("key");
        var agent = app.Client(followRedirects: false);
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var before = collector.GetSnapshot().Count;
        const int Beats = 10;
        for (var beat = 0; beat < Beats; beat++)
        {
            using var probes = await agent.GetAsync("/api/v1/agent/probes", Ct);
            Assert.Equal(HttpStatusCode.OK, probes.StatusCode);
            var at = TimeProvider.System.GetUtcNow().AddSeconds(-1);
            using var posted = await agent.PostAsJsonAsync("/api/v1/agent/results", new
            {
                batchId = $"quiet-{beat}",
                results = new[]
                {
                    new { id = $"quiet-result-{beat}", probe = "balance", component = "balance", region = "sg", agent = "sg-1", startedAt = at, durationMs = 40.0, outcome = "up", httpStatus = 200, message = "ok" },
                },
            }, Ct);
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        var lines = collector.GetSnapshot().Skip(before).Where(record => record.Level >= LogLevel.Information).ToList();
        var described = string.Join("\n", lines.Select(record => $"{record.Level} {record.Category}: {record.Message}"));
        Assert.DoesNotContain(lines, record => record.Category?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true);
        Assert.True(lines.Count < Beats, $"{lines.Count} lines for {2 * Beats} agent requests:\n{described}");
        Assert.All(lines.GroupBy(record => record.Category), group => Assert.True(group.Count() < Beats / 2, described));
    }

    /// <summary>The Logging section of the web app's appsettings.json, as it ships.</summary>
    private static Dictionary<string, string?> ShippedLogLevels() =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build()
            .AsEnumerable().Where(pair => pair.Key.StartsWith("Logging:", StringComparison.Ordinal) && pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value);
}
