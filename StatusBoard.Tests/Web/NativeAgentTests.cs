namespace StatusBoard.Tests.Web;

/// <summary>
/// The agent as the README tells people to run it: <c>dotnet publish StatusBoard.Probes</c> gives a native executable
/// (no .NET runtime beside it, only SQLite's library), which, started with the README's arguments against a server that does not probe sg itself,
/// reports sg, appears live in <c>/ops/agents</c>, and refuses a wrong setting with exit code 2 and one line (durations written as on the server).
/// </summary>
public sealed class NativeAgentTests : AgentServerTest
{
    [Fact]
    public async Task PublishedAgent_IsOneNativeExecutable_ThatReportsSg_AndIsLiveInOpsAgents()
    {
        var binary = await NativeAgentBuild.BinaryAsync();
        var header = new byte[4];
        await using (var file = File.OpenRead(binary))
        {
            await file.ReadExactlyAsync(header, Ct);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), header);
        Assert.Empty(Directory.GetFiles(NativeAgentBuild.Directory, "*.dll"));
        Assert.False(File.Exists(Path.Combine(NativeAgentBuild.Directory, "StatusBoard.Probes.runtimeconfig.json")), "a native agent needs no .NET runtime config");

        var admin = App.Client(admin: true);
        using var created = await admin.PostAsJsonAsync("/api/v1/agent-keys", new { region = "sg", name = "sg-native" }, Ct);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("key");
        var server = App.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        using var agent = Processes.NativeAgent(binary, BufferDirectory, server, "sg", key);
        try
        {
            var results = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=balance&region=sg&limit=5"), r => r.GetArrayLength() >= 1,
                $"the native agent's first sg result (its last lines: {Processes.Tail(agent)})", TimeSpan.FromSeconds(60));
            Assert.All(results.EnumerateArray(), r => Assert.Equal(("sg-native", "up"), (r.Text("agent"), r.Text("outcome"))));
            await Wait.ForAsync(() => App.Client().GetJsonAsync("/api/v1/health"), h => h.Component("balance").Region("sg").Text("status") == "operational",
                "sg to be reported by the native agent", TimeSpan.FromSeconds(60));

            var browser = App.CookieClient();
            Assert.Equal(HttpStatusCode.Redirect, (await StatusBoardApp.SignInAsync(browser, StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword)).StatusCode);
            var page = await Wait.ForAsync(() => browser.GetStringAsync("/ops/agents", Ct), p => p.Contains("data-state=\"live\"", StringComparison.Ordinal),
                "/ops/agents to list the native agent live", TimeSpan.FromSeconds(30));
            Assert.Contains("sg-native", page, StringComparison.Ordinal);
            Assert.False(agent.HasExited, $"the agent exited: {Processes.Tail(agent)}");
        }
        finally
        {
            agent.Kill();
            await agent.WaitForExitAsync(Ct);
        }
    }

    [Fact]
    public async Task PublishedAgent_WithAWrongSetting_ExitsTwo_NamingIt()
    {
        var binary = await NativeAgentBuild.BinaryAsync();
        var (exitCode, _, error) = await Processes.RunAsync(binary, ["--server", "ftp://nowhere", "--region", "sg", "--key", "k", "--buffer", Path.Combine(BufferDirectory, "b.db")],
            TimeSpan.FromSeconds(30), BufferDirectory);
        Assert.Equal(2, exitCode);
        Assert.Contains("StatusBoard:Agent:Server (--server) must be the server's http or https address", error, StringComparison.Ordinal);

        // Durations read as on the server ("50ms"), so the setting is refused for its value, not for its spelling.
        var (tooOften, _, said) = await Processes.RunAsync(binary, ["--server", "http://127.0.0.1:9", "--region", "sg", "--key", "k", "--buffer", Path.Combine(BufferDirectory, "b.db"),
            "--StatusBoard:Agent:HeartbeatInterval=50ms"], TimeSpan.FromSeconds(30), BufferDirectory);
        Assert.Equal(2, tooOften);
        Assert.Contains("StatusBoard:Agent:HeartbeatInterval and PullInterval must be at least 100ms", said, StringComparison.Ordinal);

        var (helpExit, usage, _) = await Processes.RunAsync(binary, ["--help"], TimeSpan.FromSeconds(30), BufferDirectory);
        Assert.Equal(0, helpExit);
        Assert.Contains("usage: StatusBoard.Probes --server", usage, StringComparison.Ordinal);
    }
}
