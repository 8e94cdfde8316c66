using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Maintenance;
using StatusBoard.Probes.Notifications;

namespace StatusBoard.Probes.Cluster;

/// <summary>
/// What a node reads again when another node changed the configuration (or on its periodic re-read): the catalog
/// (without announcing it back), the maintenance windows and the notification channels. The cluster bus only says when.
/// </summary>
public sealed class ConfigurationReload(ProbeCatalog catalog, MaintenanceSchedule maintenance, ChannelDirectory channels, ILogger<ConfigurationReload> logger)
{
    /// <summary>Reads all three again; a failure is logged, and the next change or re-read tries again.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await catalog.ReloadAsync(cancellationToken, announce: false);
            await maintenance.LoadAsync(cancellationToken);
            await channels.LoadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the next start reads everything anyway.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Reading the configuration again after another node changed it failed");
        }
    }
}
