using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Maintenance;

namespace StatusBoard.Probes.Health;

/// <summary>Component health now, from the catalog and the tracked state of every probe × region.</summary>
public sealed class HealthService(ProbeCatalog catalog, HealthTracker tracker, MaintenanceSchedule maintenance, IOptions<HealthOptions> options, TimeProvider time, IRegionPresence? presence = null)
{
    /// <summary>Each component's health; one under maintenance says so, whatever its probes see.</summary>
    /// <param name="figures">False leaves out success rates and latency percentiles: the statuses alone, for a watcher
    /// that checks several times a second over thousands of pairs and only needs to know whether anything changed.</param>
    public IReadOnlyList<ComponentHealth> Current(bool figures = true)
    {
        var snapshot = catalog.Current;
        var now = time.GetUtcNow();
        return HealthEvaluator.Evaluate(snapshot.Components, snapshot.Active, tracker.Snapshot(now, figures), now, options.Value, figures, presence)
            .Select(c => maintenance.UnderMaintenance(c.Key, now) ? c with { Status = HealthStatus.UnderMaintenance, Scope = Scope.None, FailingSince = null } : c)
            .ToList();
    }
}
