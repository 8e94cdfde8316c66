using Microsoft.Extensions.Hosting;
using StatusBoard.Probes.Catalog;
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
        var settings = options.Value;
        var states = health.Current();
        var before = (await store.OpenAsync(cancellationToken)).Where(i => i.Automatic).ToDictionary(i => i.Id, StringComparer.Ordinal);
        var working = before.Values.OrderBy(i => i.StartedAt).ToList();

        // Newly confirmed failures join the event they belong to, or open one: one sg outage of every endpoint is one incident.
        foreach (var component in states.Where(c => IncidentPolicy.IsConfirmed(c, now, settings)))
        {
            if (working.Any(i => i.Components.Any(c => c.Key == component.Key)))
            {
                continue;
            }

            var index = working.FindIndex(i => IncidentPolicy.Joins(i, component, settings));
            if (index >= 0)
            {
                working[index] = IncidentPolicy.Join(working[index], component);
            }
            else
            {
                working.Add(IncidentPolicy.Open(component, now));
            }
        }

        var byKey = states.ToDictionary(c => c.Key, StringComparer.Ordinal);
        foreach (var incident in working)
        {
            var components = incident.DetectedKeys.Select(byKey.GetValueOrDefault).OfType<ComponentHealth>().ToList();
            var categories = await CategoriesAsync(incident.DetectedKeys, incident.StartedAt, now, cancellationToken);
            var next = IncidentPolicy.Step(incident, components, categories, now, settings);
            var current = before.GetValueOrDefault(incident.Id);
            if (current is not null && next.UpdatedAt == current.UpdatedAt && next.Status == current.Status && next.DetectedKeys.Count == current.DetectedKeys.Count)
            {
                continue;
            }

            await store.SaveAsync(next, cancellationToken);
            logger.LogInformation("Incident {IncidentId} ({Components}) is {Status}: {Title}", next.Id, string.Join(", ", next.DetectedKeys), next.Status, next.Title);
            foreach (var observer in observers)
            {
                await observer.OnIncidentChangedAsync(current ?? next with { Updates = [] }, next, cancellationToken);
            }
        }
    }

    private async Task<Dictionary<string, long>> CategoriesAsync(IReadOnlyList<string> components, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var probes = catalog.Current.Probes.Where(p => components.Contains(p.Component)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var rollups = await results.RollupsAsync(new RollupQuery(RollupGrain.Minute, Rollup.BucketOf(since, RollupGrain.Minute), now.AddMinutes(1)), cancellationToken);
        return rollups.Where(r => probes.Contains(r.Probe))
            .SelectMany(r => r.Categories)
            .GroupBy(pair => pair.Key)
            .ToDictionary(g => g.Key, g => g.Sum(pair => pair.Value));
    }
}
