using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Storage;

/// <summary>Raw results and their rollups. Every storage provider passes the same contract tests.</summary>
public interface IResultStore
{
    /// <summary>Stores results and folds them into rollups, all or nothing. A result whose id is already stored is skipped.</summary>
    async Task<int> WriteAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken) =>
        (await WriteNewAsync(results, cancellationToken)).Count;

    /// <summary>As <see cref="WriteAsync"/>, returning the results that were not stored before (sent again, they are skipped).</summary>
    Task<IReadOnlyList<ProbeResult>> WriteNewAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken);

    /// <summary>
    /// Merges remote agents' summaries of results they could not keep one by one into the rollups, each once however
    /// often it is sent; returns those not merged before.
    /// </summary>
    Task<IReadOnlyList<ResultSummary>> MergeSummariesAsync(IReadOnlyList<ResultSummary> summaries, CancellationToken cancellationToken);

    Task<IReadOnlyList<ProbeResult>> QueryAsync(ResultQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<Rollup>> RollupsAsync(RollupQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Per component and day rollup in [since, until): runs and good runs (up or degraded), summed over its probes and
    /// regions, for one <paramref name="component"/> or (null) all. What the 90-day bars read; a provider sums in the
    /// database rather than returning rows. A day rollup's date is <see cref="DayCalendar.DateOfBucket"/>.
    /// </summary>
    async Task<IReadOnlyList<DailyTotal>> DailyTotalsAsync(DateTimeOffset since, DateTimeOffset until, string? component, CancellationToken cancellationToken) =>
        (await RollupsAsync(new RollupQuery(RollupGrain.Day, since, until), cancellationToken))
            .Where(r => component is null || r.Component == component)
            .GroupBy(r => (r.Component, r.Bucket))
            .Select(g => new DailyTotal(g.Key.Component, g.Key.Bucket, g.Sum(r => r.Total), g.Sum(r => r.Up + r.Degraded)))
            .ToList();

    /// <summary>
    /// Per component and day of <paramref name="calendar"/> in [since, until): in how many hours any of its probes
    /// reported, from the hour rollups. What uptime counts as watched time.
    /// </summary>
    async Task<IReadOnlyList<WatchedDay>> WatchedHoursAsync(DateTimeOffset since, DateTimeOffset until, DayCalendar calendar, CancellationToken cancellationToken) =>
        (await RollupsAsync(new RollupQuery(RollupGrain.Hour, since, until), cancellationToken))
            .Where(r => r.Total > 0)
            .GroupBy(r => (r.Component, Date: calendar.DateAt(r.Bucket)))
            .Select(g => new WatchedDay(g.Key.Component, calendar.StartOf(g.Key.Date), g.Select(r => r.Bucket).Distinct().Count()))
            .ToList();

    /// <summary>Deletes raw results and fine rollups past their retention; returns the rows removed.</summary>
    Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A component's runs in a day rollup (<see cref="Day"/>, its bucket) and how many of them were good.</summary>
public sealed record DailyTotal(string Component, DateTimeOffset Day, long Total, long Good);

/// <summary>A component's day (<see cref="Day"/>, when it starts) and the hours of it in which any of its probes reported.</summary>
public sealed record WatchedDay(string Component, DateTimeOffset Day, long Hours);
