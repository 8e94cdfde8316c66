using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;

namespace StatusBoard.Tests.Web;

/// <summary>
/// The real server, as its own process, killed with SIGKILL in the middle of heavy writing and started again on the
/// same database: the file is intact and everything the API acknowledged is there.
/// </summary>
public sealed class CrashDurabilityTests : IDisposable
{
    private const string Key = "crash-test-admin-key-000000000001";
    private readonly string _directory = Directory.CreateTempSubdirectory("statusboard-crash-").FullName;

    private string DatabasePath => Path.Combine(_directory, "statusboard.db");

    [Fact]
    public async Task KilledMidIngest_RestartsIntact_WithEveryAcknowledgedWrite()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.json"), StatusBoardApp.FastConfiguration, Ct);
        var acknowledged = new ConcurrentBag<string>();
        var port = Processes.FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        using (var server = Processes.Server(_directory, port, DatabasePath, Key))
        {
            await Processes.WaitUntilUpAsync(client, server);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        using var response = await client.PostAsJsonAsync("/api/v1/incidents",
                            new { title = $"crash test {worker}-{i}", message = "written under load", impact = "minor", components = new[] { "payments" } }, stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged.Add((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(stop.Token)).Text("id"));
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
                    {
                        // The server is gone or the test stopped writing: what was not acknowledged does not count.
                    }
                }
            })).ToList();

            Wait.For(() => acknowledged.Count >= 150, "150 acknowledged writes", TimeSpan.FromSeconds(60));
            server.Kill(); // SIGKILL, in the middle of the writers' requests
            await server.WaitForExitAsync(Ct);
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false"))
        {
            await connection.OpenAsync(Ct);
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string)(await check.ExecuteScalarAsync(Ct))!);
        }

        using (var restarted = Processes.Server(_directory, port, DatabasePath, Key))
        {
            await Processes.WaitUntilUpAsync(client, restarted);
            var missing = new List<string>();
            foreach (var id in acknowledged)
            {
                if ((await client.GetAsync($"/api/v1/incidents/{id}", Ct)).StatusCode != HttpStatusCode.OK)
                {
                    missing.Add(id);
                }
            }

            Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged incidents are missing after the restart");
            restarted.Kill();
            await restarted.WaitForExitAsync(Ct);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
