using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;
using StatusBoard.Web.Sandbox;

namespace StatusBoard.Tests.Web.Faults;

/// <summary>
/// PostgreSQL stopped for a minute with its own <c>pg_ctl</c> while probes run: probing goes on, results wait in the
/// writer's buffer and are each stored once when it is back, /healthz says degraded meanwhile (still 200, the pages
/// served), and an outage that began while it was away still opens its incident and sends its notification once.
/// Runs on a PostgreSQL cluster of its own, so the other tests' server is never stopped.
/// </summary>
[Trait("Servers", "own")]
public sealed class PostgresOutageTests : IAsyncDisposable
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<string> _received = new();
    private readonly List<IAsyncDisposable> _owned = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    [Fact]
    public async Task StoppedForAMinute_WhileProbesRun_EveryResultIsStoredOnceAfter_AndTheIncidentAndItsNotificationFollow()
    {
        var postgres = await OwnServer.PostgresAsync();
        _owned.Add(postgres);
        var receiver = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            await reader.ReadToEndAsync(http.RequestAborted);
            _received.Enqueue(http.Request.Headers["X-StatusBoard-Event"].ToString());
            return Results.NoContent();
        }));
        _owned.Add(receiver);
        var app = StatusBoardApp.OnPostgres(postgres.ConnectionString, new Dictionary<string, string?>
        {
            ["StatusBoard:Incidents:ConfirmationPeriod"] = "00:00:05",
            ["StatusBoard:Incidents:EvaluationInterval"] = "00:00:00.500",
            ["StatusBoard:Notifications:Channels:0:Name"] = "ops-hook",
            ["StatusBoard:Notifications:Channels:0:Type"] = "webhook",
            ["StatusBoard:Notifications:Channels:0:Url"] = receiver.Address + "/hook",
            ["StatusBoard:Notifications:Channels:0:Events:0"] = "incident.opened",
        });
        _owned.Add(app);
        var client = app.Client();
        var taken = new ConcurrentDictionary<string, DateTimeOffset>();
        using var taking = app.Services.GetRequiredService<ResultPipeline>().SubscribeAcceptedHere(result => taken[result.Id] = result.StartedAt);
        var writer = app.Services.GetRequiredService<ResultWriter>();
        await Wait.ForAsync(() => CountAsync(postgres, "SELECT COUNT(*) FROM results"), n => n >= 9, "results stored before the outage");

        // Payments fail everywhere from just before the database goes: the incident is due while it is away.
        app.Services.GetRequiredService<SandboxFaults>().Set(new SandboxFaultSetting("*", "payments", SandboxFault.Outage, 0));
        var stopped = DateTimeOffset.UtcNow;
        await postgres.StopAsync();

        var during = await Wait.ForAsync(() => client.GetStringAsync("/healthz", Ct), h => h.StartsWith("degraded:", StringComparison.Ordinal), "/healthz to say degraded", TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Ct)).StatusCode);
        // A minute of probing with nowhere to store: the evidence that it went on is a result begun a minute in.
        await Wait.ForAsync(() => Task.FromResult(taken.Values.Max()), newest => newest >= stopped + Outage, "probing to go on for a minute of outage", Outage + TimeSpan.FromSeconds(20));
        Assert.True(writer.Queued > 0, "results should be waiting in the writer's buffer");
        Assert.Empty(_received);

        await postgres.StartAsync();
        var restarted = DateTimeOffset.UtcNow;
        await Wait.ForAsync(() => Task.FromResult((writer.Queued, writer.Status)), w => w.Queued == 0 && w.Status is null, "the waiting results to be written", TimeSpan.FromSeconds(60));
        var meanwhile = taken.Where(pair => pair.Value >= stopped && pair.Value <= restarted).Select(pair => pair.Key).ToArray();
        Assert.True(meanwhile.Length >= 60, $"{meanwhile.Length} results begun during the outage");
        var stored = await CountAsync(postgres, "SELECT COUNT(*) FROM results WHERE id = ANY(@ids)", new { ids = meanwhile });
        var rows = await CountAsync(postgres, "SELECT COUNT(*) FROM (SELECT id FROM results WHERE id = ANY(@ids) GROUP BY id HAVING COUNT(*) > 1) twice", new { ids = meanwhile });
        Assert.Equal((meanwhile.Length, 0L, 0L), (stored, rows, writer.Dropped));

        await Wait.ForAsync(() => CountAsync(postgres, "SELECT COUNT(*) FROM incidents WHERE automatic = 1 AND component = 'payments' AND resolved_at IS NULL"), n => n == 1, "the payments incident to open", TimeSpan.FromSeconds(30));
        await Wait.ForAsync(() => Task.FromResult(_received.Count(e => e == "incident.opened")), n => n == 1, "its notification", TimeSpan.FromSeconds(30));
        await Wait.ForAsync(() => client.GetStringAsync("/healthz", Ct), h => h == "ok", "/healthz to be ok again");
        Assert.Equal(1, _received.Count(e => e == "incident.opened"));
        Assert.Contains("the database cannot be reached", during, StringComparison.Ordinal);
        app.Services.GetRequiredService<SandboxFaults>().Set(new SandboxFaultSetting("*", "payments", SandboxFault.None, 0));
    }

    private static async Task<long> CountAsync(OwnServer postgres, string sql, object? parameters = null)
    {
        try
        {
            await using var connection = new NpgsqlConnection(postgres.ConnectionString + ";Pooling=false");
            await connection.OpenAsync(Ct);
            return await connection.ExecuteScalarAsync<long>(sql, parameters);
        }
        catch (NpgsqlException)
        {
            return -1;
        }
    }
}
