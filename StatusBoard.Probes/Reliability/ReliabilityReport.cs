using StatusBoard.Probes.Storage;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Incidents;

namespace StatusBoard.Probes.Reliability;

/// <summary>A report as the page, the API and the CSV files give it: the same figures everywhere.</summary>
public sealed record ReportView(ReportQuery Query, IReadOnlyList<Incident> Incidents, IReadOnlyList<MonthlyFigures> Monthly, IReadOnlyList<CategoryCost> Pareto)
{
    public IncidentSummary Summary { get; } = ReliabilityMath.Summary(Incidents);
}

/// <summary>Reads the incidents of a period and computes the report.</summary>
public sealed class ReliabilityReport(IncidentStore store, Storage.IResultStore results, ProbeCatalog catalog, IOptions<SloOptions> options, TimeProvider time)
{
    public async Task<ReportView> BuildAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        var (from, to) = query.Period;
        var now = time.GetUtcNow();
        var all = await store.OverlappingAsync(from, to, cancellationToken);
        var components = catalog.Current.Components.Where(c => query.Component is null || c.Key == query.Component).ToList();

        // Uptime counts every incident of a component; the filters choose what the list and the Pareto show.
        var listed = all.Where(query.Matches).OrderByDescending(i => i.StartedAt).ToList();
        return new ReportView(
            query,
            listed,
            ReliabilityMath.Monthly(all, components, query.From, query.To, now, options.Value, await CoverageAsync(from, to, cancellationToken)),
            ReliabilityMath.Pareto(listed, from, to, now, options.Value));
    }

    /// <summary>What was watched in the period: hours from the hour rollups, whole days from the day rollups past their retention.</summary>
    public async Task<Coverage> CoverageAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        new(await results.WatchedHoursAsync(from, to, DayCalendar.Utc, cancellationToken), await results.DailyTotalsAsync(from, to, null, cancellationToken));
}
