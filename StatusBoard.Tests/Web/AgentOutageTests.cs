using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;

namespace StatusBoard.Tests.Web;

/// <summary>
/// The server and an sg agent as separate processes; the server is stopped for about a minute while the agent keeps
/// probing, then started again: every result the agent kept meanwhile is stored, once, in the order the agent made
/// them, and health catches up.
/// </summary>
public sealed class AgentOutageTests : IDisposable
{
    private const string AdminKey = "agent-outage-admin-key-0000000001";
    private readonly string _directory = Directory.CreateTempSubdirectory("statusboard-outage-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServerStoppedForAMinute_TheAgentKeepsProbing_AndEveryKeptResultIsStoredOnce()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.json"), StatusBoardApp.FastConfiguration, Ct);
        var port = Processes.FreePort();
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);

        var server = StartServer(port);
        await Processes.WaitUntilUpAsync(admin, server);
        using var created = await admin.PostAsJsonAsync("/api/v1/agent-keys", new { region = "sg", name = "sg-1" }, Ct);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("key");
        var buffer = Path.Combine(_directory, "sg-buffer.db");
        using var agent = Processes.Agent(_directory, $"http://127.0.0.1:{port}", "sg", key);
        try
        {
            await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?region=sg&limit=5"), r => r.GetArrayLength() >= 3, "the agent's first results", TimeSpan.FromSeconds(60));

            // The server stops; three probes a second keep running in sg, so 180 kept results are about a minute.
            server.Kill();
            await server.WaitForExitAsync(Ct);
            server.Dispose();
            var kept = await Wait.ForAsync(() => Task.FromResult(BufferedInOrder(buffer)), ids => ids.Count >= 180, "a minute of results kept by the agent", TimeSpan.FromSeconds(120));

            server = StartServer(port);
            await Processes.WaitUntilUpAsync(admin, server);
            await Wait.ForAsync(() => Task.FromResult(BufferedInOrder(buffer)), ids => !ids.Intersect(kept).Any(), "the kept results to be delivered", TimeSpan.FromSeconds(60));
            var health = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/health"),
                h => h.Component("balance").Region("sg").Text("status") == "operational" && h.Component("balance").Region("sg").TryGetProperty("lastResultAt", out var at)
                    && at.GetDateTimeOffset() > TimeProvider.System.GetUtcNow().AddSeconds(-10),
                "health to catch up with sg", TimeSpan.FromSeconds(30));

            // Each kept result once, stored in the order the agent kept them.
            var stored = StoredInOrder(kept);
            Assert.Equal(kept, stored);
            Assert.Equal("operational", health.Component("balance").Text("status"));
        }
        finally
        {
            agent.Kill();
            server.Kill();
            await agent.WaitForExitAsync(Ct);
            await server.WaitForExitAsync(Ct);
            server.Dispose();
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The results waiting in the agent's buffer file, read as another process would.</summary>
    private static List<string> BufferedInOrder(string buffer) => File.Exists(buffer) ? Ids(buffer, "SELECT id FROM outgoing ORDER BY seq") : [];

    /// <summary>The rows the server holds of <paramref name="kept"/>, in the order it stored them: each once, or they differ.</summary>
    private List<string> StoredInOrder(List<string> kept)
    {
        var ids = kept.ToHashSet(StringComparer.Ordinal);
        var all = new List<string>();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "statusboard.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM results WHERE region = 'sg' ORDER BY rowid";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (ids.Contains(reader.GetString(0)))
            {
                all.Add(reader.GetString(0));
            }
        }

        return all;
    }

    private static List<string> Ids(string path, string sql)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }
        catch (SqliteException)
        {
            return []; // Not created yet.
        }
    }

    private System.Diagnostics.Process StartServer(int port) => Processes.Server(_directory, port, Path.Combine(_directory, "statusboard.db"), AdminKey,
        // The server probes nothing itself: sg comes from the agent only.
        "--StatusBoard:Probes:LocalRegions:0=none-a", "--StatusBoard:Probes:LocalRegions:1=none-b", "--StatusBoard:Probes:LocalRegions:2=none-c");
}
