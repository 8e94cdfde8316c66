using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Incidents;

/// <summary>
/// Compares health with the open incidents every few seconds and applies <see cref="IncidentPolicy"/>: the only
/// writer of automatic incidents. Failure categories come from the minute rollups since the incident started.
/// </summary>
public sealed class IncidentEngine(
    HealthService health,
    ProbeCatalog catalog,
    IncidentStore store,
    IResultStore results,
    IOptions<IncidentOptions> options,
    IEnumerable<IIncidentObserver> observers,
    Cluster.Leadership leadership,
    TimeProvider time,
    ILogger<IncidentEngine> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Periodic.RunAsync(options.Value.EvaluationInterval, time, ct => leadership.IsLeading ? EvaluateAsync(ct) : Task.CompletedTask, logger, "Incident evaluation", stoppingToken);

    /// <summary>One evaluation of every component.</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        await using var hold = await store.HoldAsync(cancellationToken);
        await EvaluateLockedAsync(cancellationToken);
    }

    private async Task EvaluateLockedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var open = (await store.OpenAsync(cancellationToken))
            .Where(i => i.Automatic && i.Components.Count > 0)
            .GroupBy(i => i.Components[0].Key)
            .ToDictionary(g => g.Key, g => g.First());
        foreach (var component in health.Current())
        {
            var current = open.GetValueOrDefault(component.Key);
            var since = current?.StartedAt ?? component.FailingSince;
            var categories = since is null ? new Dictionary<string, long>() : await CategoriesAsync(component.Key, since.Value, now, cancellationToken);
            var next = IncidentPolicy.Step(current, component, categories, now, options.Value);
            if (next is not null && !ReferenceEquals(next, current) && (current is null || next.UpdatedAt != current.UpdatedAt || next.Status != current.Status))
            {
                await store.SaveAsync(next, cancellationToken);
                logger.LogInformation("Incident {IncidentId} for {Component} is {Status}: {Title}", next.Id, component.Key, next.Status, next.Title);
                foreach (var observer in observers)
                {
                    await observer.OnIncidentChangedAsync(current ?? next with { Updates = [] }, next, cancellationToken);
                }
            }
        }
    }

    private async Task<Dictionary<string, long>> CategoriesAsync(string component, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var probes = catalog.Current.Probes.Where(p => p.Component == component).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var rollups = await results.RollupsAsync(new RollupQuery(RollupGrain.Minute, Rollup.BucketOf(since, RollupGrain.Minute), now.AddMinutes(1)), cancellationToken);
        return rollups.Where(r => probes.Contains(r.Probe))
            .SelectMany(r => r.Categories)
            .GroupBy(pair => pair.Key)
            .ToDictionary(g => g.Key, g => g.Sum(pair => pair.Value));
    }
}
