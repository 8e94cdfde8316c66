using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Agent;

/// <summary>A remote agent's services: the probe engine, its buffer and its runner, from <c>StatusBoard:Agent</c>.</summary>
public static class AgentSetup
{
    public static IServiceCollection AddStatusBoardAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProbeEngine(configuration);
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection("StatusBoard:Agent"))
            .Validate(o => Uri.TryCreate(o.Server, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", "StatusBoard:Agent:Server (--server) must be the server's http or https address")
            .Validate(o => ProbeDefinitionParser.RegionPattern().IsMatch(o.Region ?? ""), "StatusBoard:Agent:Region (--region) must be a region such as sg or eu-west")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Key), "StatusBoard:Agent:Key (--key) must be the agent key an admin created for this region")
            .Validate(o => o.MaxBufferedResults >= 10, "StatusBoard:Agent:MaxBufferedResults must be at least 10")
            .Validate(o => o.BufferMaxMegabytes >= 0 && o.MaxInMemoryResults >= 1, "StatusBoard:Agent:BufferMaxMegabytes must be 0 (no limit) or more, and MaxInMemoryResults at least 1")
            .Validate(o => o.HeartbeatInterval >= TimeSpan.FromMilliseconds(100) && o.PullInterval >= TimeSpan.FromMilliseconds(100),
                "StatusBoard:Agent:HeartbeatInterval and PullInterval must be at least 100ms, e.g. 00:00:10")
            .ValidateOnStart();
        services.AddSingleton<ISandboxLocator, ServerSandbox>();
        services.AddSingleton(provider =>
        {
            var agent = provider.GetRequiredService<IOptions<AgentOptions>>().Value;
            return new AgentBuffer(agent.BufferPath, agent.MaxBufferedResults, (long)(agent.BufferMaxMegabytes * 1024 * 1024), agent.MaxInMemoryResults,
                provider.GetRequiredService<ILogger<AgentBuffer>>(), provider.GetRequiredService<TimeProvider>());
        });
        services.AddHttpClient(AgentRunner.ClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<AgentRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<AgentRunner>());
        return services;
    }

    /// <summary>For an agent, <c>{sandbox}</c> is the server's built-in sandbox, reached like any target.</summary>
    private sealed class ServerSandbox(IOptions<AgentOptions> options) : ISandboxLocator
    {
        public string? BaseAddress => options.Value.Server.TrimEnd('/') + "/sandbox";
    }
}
