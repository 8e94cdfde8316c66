using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace StatusBoard.Probes.Agent;

/// <summary>
/// <c>StatusBoard.Probes --server https://status.example --region sg --key &lt;agent key&gt;</c> (the executable
/// <c>dotnet publish StatusBoard.Probes</c> makes; <c>dotnet run --project StatusBoard.Probes -- …</c> from source): a remote probe agent. The same settings come from configuration (<c>StatusBoard:Agent:*</c>) and the environment
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

    public const string Usage = """
        usage: StatusBoard.Probes --server <url> --region <region> --key <agent key> [--buffer <file>] [--StatusBoard:Agent:<setting>=<value> …]

        A remote probe agent: runs the probes the server assigns to it in its region and delivers their results.
          --server   the StatusBoard server, e.g. https://status.example          (StatusBoard:Agent:Server)
          --region   the region this agent probes from, e.g. sg                   (StatusBoard:Agent:Region)
          --key      the agent key an admin made for the region in /ops/agents    (StatusBoard:Agent:Key)
          --buffer   where results wait for the server, default data/agent-buffer.db (StatusBoard:Agent:BufferPath)
        Other settings: StatusBoard:Agent:HeartbeatInterval, PullInterval, DeliverInterval, MaxBatch,
        MaxBufferedResults, BufferMaxMegabytes, MaxInMemoryResults (docs/deployment.md, Remote agents).
        Exit codes: 0 stopped, 2 a setting is wrong (named on one line).
        """;

    /// <summary>
    /// Settings written as durations the way the server reads them (<c>30s</c>, <c>500ms</c>, <c>1h30m</c>), in the
    /// form every options binder reads (<c>00:00:30</c>): the native agent's binder is generated at build time and
    /// knows no other, so they are handed to it so. Only values that are durations from first to last character change.
    /// </summary>
    internal static Dictionary<string, string?> Durations(IConfiguration configuration)
    {
        var converted = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (key.StartsWith("StatusBoard:", StringComparison.OrdinalIgnoreCase) && value?.Trim() is { Length: > 1 } text
                && char.IsAsciiDigit(text[0]) && char.IsAsciiLetter(text[^1]) && Definitions.Durations.TryParse(text, out var duration, out _))
            {
                converted[key] = duration.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return converted;
    }

    public static async Task<int> Main(string[] args)
    {
        if (args is ["--help"] or ["-h"] or ["help"])
        {
            Console.WriteLine(Usage);
            return 0;
        }

        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddCommandLine(args, Switches);
        builder.Configuration.AddInMemoryCollection(Durations(builder.Configuration));
        builder.Services.AddStatusBoardAgent(builder.Configuration);
        try
        {
            await builder.Build().RunAsync();
            return 0;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException exception)
        {
            await Console.Error.WriteLineAsync($"The agent did not start: {string.Join("; ", exception.Failures)} (--help for usage)");
            return 2;
        }
    }
}
