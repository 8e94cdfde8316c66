using System.Collections.Immutable;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Agents;

/// <summary>
/// When each agent-served region last heard from any of its agents: from this node's own heartbeats at once, and from
/// the database every <see cref="Refresh"/> (the heartbeats other web nodes took). A region whose agents have all been
/// silent for <see cref="AgentServerOptions.SilentAfter"/> is blind, whatever its last results say — a killed agent
/// makes its region blind within that time and a refresh, not only once its results grow old. Regions this server
/// probes itself, and regions no agent has served in the last day, are left to their results.
/// </summary>
public sealed class AgentPresence(AgentKeys keys, ProbeCatalog catalog, IOptions<AgentServerOptions> options, TimeProvider time, ILogger<AgentPresence> logger)
    : BackgroundService, IRegionPresence
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    private volatile ImmutableDictionary<string, DateTimeOffset> _lastHeard = ImmutableDictionary.Create<string, DateTimeOffset>(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool IsSilent(string region, DateTimeOffset now) =>
        _lastHeard.TryGetValue(region, out var heard) && now - heard > options.Value.SilentAfter && !catalog.LocalRegions.Contains(region);

    /// <summary>A heartbeat this node took.</summary>
    public void Heard(string region, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (!_lastHeard.TryGetValue(region, out var known) || known < at)
            {
                _lastHeard = _lastHeard.SetItem(region, at);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var read = await keys.LastHeardByRegionAsync(time.GetUtcNow() - TimeSpan.FromDays(1), stoppingToken);
                lock (_gate)
                {
                    // Keep what this node heard since the read began; forget regions whose keys were all revoked.
                    _lastHeard = read.ToImmutableDictionary(pair => pair.Key, pair => _lastHeard.TryGetValue(pair.Key, out var mine) && mine > pair.Value ? mine : pair.Value, StringComparer.Ordinal);
                }
            }
            catch (Exception exception) when (Database.Describe(exception) is { } problem)
            {
                logger.LogWarning("Reading agents' heartbeats failed ({Problem}); regions keep the presence last read", problem);
            }

            await Task.Delay(Refresh, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
