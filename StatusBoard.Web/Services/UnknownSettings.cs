using StatusBoard.Probes.Configuration;
using Shape = StatusBoard.Probes.Configuration.SettingNames.Shape;

namespace StatusBoard.Web.Services;

/// <summary>
/// Says at start, one warning each, which keys under <c>StatusBoard:</c> no setting reads (a misspelt name keeps the
/// default in force), with the nearest known name. The list of sections is every section the web app reads.
/// </summary>
public sealed class UnknownSettings(IConfiguration configuration, ILogger<UnknownSettings> logger) : IHostedService
{
    public static readonly IReadOnlyDictionary<string, Shape> Sections = new Dictionary<string, Shape>(StringComparer.OrdinalIgnoreCase)
    {
        ["Accounts"] = Shape.Of<Accounts.AccountOptions>(),
        ["Agent"] = Shape.Of<Probes.Agent.AgentOptions>(),
        ["Agents"] = Shape.Of<Agents.AgentServerOptions>(),
        ["Bootstrap"] = Shape.Names("AdminApiKey", "AdminEmail", "AdminPassword"),
        ["Cluster"] = Shape.Of<Probes.Cluster.ClusterOptions>(),
        ["ComponentGroups"] = Shape.Anything,
        ["Components"] = Shape.Anything,
        ["Config"] = Shape.Names("Directory"),
        ["DataProtection"] = Shape.Names("KeysDirectory"),
        ["Health"] = Shape.Of<Probes.Health.HealthOptions>(),
        ["Incidents"] = Shape.Of<Probes.Incidents.IncidentOptions>(),
        ["Metrics"] = new(Children: new Dictionary<string, Shape>(StringComparer.OrdinalIgnoreCase) { ["RequireApiKey"] = Shape.Anything, ["Otlp"] = Shape.Names("Endpoint", "Protocol", "ExportInterval") }),
        ["Network"] = Shape.Of<Security.NetworkOptions>(),
        ["Notifications"] = Shape.Of<Probes.Notifications.NotificationOptions>(),
        ["Page"] = Shape.Of<PageOptions>(),
        ["Probes"] = Shape.Of<Probes.Running.DestinationOptions>(new Dictionary<string, Shape>(StringComparer.OrdinalIgnoreCase)
        {
            ["Http"] = Shape.Of<Probes.Running.ProbeHttpOptions>(),
            ["Scheduler"] = Shape.Of<Probes.Running.SchedulerOptions>(),
            ["LocalRegions"] = Shape.Anything, ["MaxProbes"] = Shape.Anything, ["MaxRegionsPerProbe"] = Shape.Anything, ["MaxRunsPerSecond"] = Shape.Anything,
        }),
        ["Regions"] = Shape.Anything,
        ["Reports"] = Shape.Of<Api.ReportsOptions>(),
        ["Subscribers"] = Shape.Of<Subscribers.SubscriberOptions>(),
        ["Sandbox"] = Shape.Of<Sandbox.SandboxOptions>(),
        ["Secrets"] = Shape.Names("EnvPrefix", "Allowed"),
        ["Slo"] = Shape.Of<Probes.Reliability.SloOptions>(),
        ["Storage"] = Shape.Of<Probes.Storage.StorageOptions>(),
        ["Verdict"] = Shape.Of<Probes.Verdicts.VerdictOptions>(),
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var problem in SettingNames.Unknown(configuration, Sections))
        {
            logger.LogWarning("{Problem}", problem);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
