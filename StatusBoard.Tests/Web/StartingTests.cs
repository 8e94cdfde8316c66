using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace StatusBoard.Tests.Web;

/// <summary>
/// Starting StatusBoard and its agent as an operator does: <c>--help</c> prints usage; a wrong setting is one line
/// naming it, exit code 2, before the database is touched; an agent whose key the server refuses says so in one line
/// a minute, not a stack trace every beat.
/// </summary>
public sealed class StartingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("statusboard-starting-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Help_PrintsUsage_ForTheWebAppAndTheAgent()
    {
        var web = await Processes.WebCommandAsync(_directory, "--help");
        var agent = await Processes.AgentCommandAsync(_directory, "--help");

        Assert.Equal((0, 0), (web.ExitCode, agent.ExitCode));
        Assert.StartsWith("usage: StatusBoard.Web", web.Output, StringComparison.Ordinal);
        Assert.Contains("backup --to <file>", web.Output, StringComparison.Ordinal);
        Assert.StartsWith("usage: StatusBoard.Probes --server <url> --region <region> --key <agent key>", agent.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "data", "statusboard.db")), "--help made a database");
    }

    [Fact]
    public async Task AWrongSetting_IsOneLineNamingIt_ExitCodeTwo_AndNothingIsWritten()
    {
        var database = Path.Combine(_directory, "never.db");

        var web = await Processes.WebCommandAsync(_directory, "--urls", "http://127.0.0.1:0", $"--ConnectionStrings:StatusBoard=Data Source={database}", "--StatusBoard:Page:MaxAge=00:00:01");
        var agent = await Processes.AgentCommandAsync(_directory, "--server", "not-a-url", "--region", "sg", "--key", "sba_whatever", "--buffer", Path.Combine(_directory, "buffer.db"));

        Assert.Equal(2, web.ExitCode);
        Assert.Contains("StatusBoard:Page:MaxAge", OneLine(web.Error), StringComparison.Ordinal);
        Assert.False(File.Exists(database), "the database was made before the settings were checked");
        Assert.Equal(2, agent.ExitCode);
        Assert.Contains("StatusBoard:Agent:Server (--server)", OneLine(agent.Error), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "buffer.db")), "the agent made its buffer before the settings were checked");
    }

    [Fact]
    public async Task AnAgentWhoseKeyIsRefused_SaysSoInOneLineAMinute_NotAStackTraceEveryBeat()
    {
        var refusals = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.Map("/{**path}", () =>
        {
            Interlocked.Increment(ref refusals);
            return Results.Json(new { title = "Unknown agent key" }, statusCode: StatusCodes.Status401Unauthorized);
        }));
        var log = new FakeLogCollector();
        using var agent = TestAgents.Host(_directory, server.Address, "sba_revoked", new Dictionary<string, string?>
        {
            ["HeartbeatInterval"] = "00:00:00.100",
            ["PullInterval"] = "00:00:00.100",
        }, log: log);
        await agent.StartAsync(Ct);

        await Wait.ForAsync(() => Task.FromResult(Volatile.Read(ref refusals)), n => n >= 20, "the agent to be refused many times");
        await agent.StopAsync(Ct);

        var said = log.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).ToList();
        var line = Assert.Single(said);
        Assert.Contains("refuses this agent's key (401)", line.Message, StringComparison.Ordinal);
        Assert.Null(line.Exception);
    }

    /// <summary>What a program printed on standard error, which must be a single line.</summary>
    private static string OneLine(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line, got {lines.Length}:\n{error}");
        return lines[0];
    }
}
