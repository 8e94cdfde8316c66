using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace StatusBoard.Probes.Agent;

/// <summary>
/// <c>dotnet run --project StatusBoard.Probes -- --server https://status.example --region sg --key &lt;agent key&gt;</c>:
/// a remote probe agent. The same settings come from configuration (<c>StatusBoard:Agent:*</c>) and the environment
/// (<c>StatusBoard__Agent__Server</c>, …).
/// </summary>
public static class AgentProgram
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--server"] = "StatusBoard:Agent:Server",
        ["--region"] = "StatusBoard:Agent:Region",
        ["--key"] = "StatusBoard:Agent:Key",
        ["--buffer"] = "StatusBoard:Agent:BufferPath",
    };

    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddCommandLine(args, Switches);
        builder.Services.AddStatusBoardAgent(builder.Configuration);
        await builder.Build().RunAsync();
    }
}
