using Microsoft.Data.Sqlite;

namespace StatusBoard.Tests.Support;

/// <summary>
/// What a test of remote agents starts from: a server that probes cn-east, cn-south and cn-north itself but not sg, so
/// sg is an agent's to serve, and a directory for the agents' buffers; both gone after the test.
/// </summary>
public abstract class AgentServerTest : IAsyncDisposable
{
    protected string BufferDirectory { get; } = Directory.CreateTempSubdirectory("statusboard-agent-").FullName;

    protected StatusBoardApp App { get; } = new(new Dictionary<string, string?> { ["StatusBoard:Probes:LocalRegions:2"] = "cn-north" });

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(BufferDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
