using Microsoft.Extensions.Options;
using StatusBoard.Probes.Catalog;

namespace StatusBoard.Probes.Health;

/// <summary>Component health now, from the catalog and the tracked state of every probe × region.</summary>
public sealed class HealthService(ProbeCatalog catalog, HealthTracker tracker, IOptions<HealthOptions> options, TimeProvider time)
{
    public IReadOnlyList<ComponentHealth> Current()
    {
        var snapshot = catalog.Current;
        var now = time.GetUtcNow();
        return HealthEvaluator.Evaluate(snapshot.Components, snapshot.Probes, tracker.Snapshot(now), now, options.Value);
    }
}
