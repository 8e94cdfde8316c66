using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Services;

/// <summary>One day of a component's uptime bar: the share of good results, from the day rollups.</summary>
public sealed record UptimeDay(DateOnly Date, long Total, long Good)
{
    /// <summary>Incidents of the component that were open at some time that day.</summary>
    public int Incidents { get; init; }

    public double? Uptime => Total == 0 ? null : (double)Good / Total;

    /// <summary>Hours of the day in which the component was watched, and the hours there were to watch (fewer today).</summary>
    public double WatchedHours { get; init; } = 24;

    public double HoursInDay { get; init; } = 24;

    /// <summary>Watched for only part of the day: its uptime speaks for those hours, and says so.</summary>
    public bool Partial => Total > 0 && WatchedHours < HoursInDay;

    /// <summary>The worst that happened that day, as the bar colours it.</summary>
    public string Level => Uptime switch
    {
        null => "none",
        >= 0.999 => "operational",
        >= 0.99 => "degraded_performance",
        >= 0.95 => "partial_outage",
        _ => "major_outage",
    };
}

/// <summary>
/// Reads 90 days of day rollups once and folds them per component and day of the page's zone, so the page never scans raw results. The days before
/// today are summed for all components at once and kept for <see cref="PastDaysKept"/> (a year of 1,000 probe-region
/// pairs makes that 90,000 rows, most of a page render otherwise); today is read on every call.
/// </summary>
public sealed class UptimeService(IResultStore store, IncidentStore incidents, TimeProvider time, DayCalendar days)
{
    public const int Days = 90;

    /// <summary>How long the sums of past days are kept: results that arrive late for an earlier day show after this.</summary>
    public static readonly TimeSpan PastDaysKept = TimeSpan.FromMinutes(1);

    private PastDays? _past;

    /// <summary>The last 90 days of each component, oldest first; days without results have no uptime.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<UptimeDay>>> LastDaysAsync(IEnumerable<string> components, CancellationToken cancellationToken)
    {
        var today = days.DateAt(time.GetUtcNow());
        var first = today.AddDays(-(Days - 1));
        var from = days.StartOf(first);
        var wanted = components.Distinct(StringComparer.Ordinal).ToList();
        var todayStart = days.StartOf(today);
        var tomorrowStart = days.StartOf(today.AddDays(1));
        var past = _past;
        if (past is null || past.Today != today || time.GetUtcNow() - past.ReadAt >= PastDaysKept)
        {
            var readAt = time.GetUtcNow();
            _past = past = new PastDays(today, readAt, await store.DailyTotalsAsync(from, todayStart, null, cancellationToken),
                await store.WatchedHoursAsync(from, todayStart, days, cancellationToken));
        }

        var coverage = new Probes.Reliability.Coverage(
            past.Hours.Concat(await store.WatchedHoursAsync(todayStart, tomorrowStart, days, cancellationToken)), past.Totals, days);
        var hoursToday = Math.Max(1, Math.Ceiling((time.GetUtcNow() - todayStart).TotalHours));
        var totals = past.Totals.Concat(await store.DailyTotalsAsync(todayStart, tomorrowStart, wanted.Count == 1 ? wanted[0] : null, cancellationToken));
        var recent = (await incidents.RecentAsync(500, 0, cancellationToken)).Where(i => (i.ResolvedAt ?? DateTimeOffset.MaxValue) >= from).ToList();
        var incidentsOf = recent.SelectMany(i => i.Components.Select(c => c.Key).Distinct(StringComparer.Ordinal).Select(key => (Key: key, Incident: i)))
            .ToLookup(x => x.Key, x => x.Incident, StringComparer.Ordinal);
        int IncidentsOn(string component, DateOnly date)
        {
            var (start, end) = (days.StartOf(date), days.StartOf(date.AddDays(1)));
            return incidentsOf[component].Count(i => i.StartedAt < end && (i.ResolvedAt ?? DateTimeOffset.MaxValue) >= start);
        }

        var byComponent = totals.ToLookup(t => t.Component, StringComparer.Ordinal);
        return wanted.ToDictionary(
            component => component,
            component =>
            {
                var byDay = byComponent[component].GroupBy(t => days.DateOfBucket(t.Day))
                    .ToDictionary(day => day.Key, day => (Total: day.Sum(t => t.Total), Good: day.Sum(t => t.Good)));
                return (IReadOnlyList<UptimeDay>)Enumerable.Range(0, Days).Select(i => first.AddDays(i)).Select(date =>
                    (byDay.TryGetValue(date, out var counts) ? new UptimeDay(date, counts.Total, counts.Good) : new UptimeDay(date, 0, 0))
                    with
                    {
                        Incidents = IncidentsOn(component, date),
                        WatchedHours = coverage.HoursOn(component, date),
                        HoursInDay = date == today ? hoursToday : days.HoursIn(date),
                    }).ToList();
            });
    }

    /// <summary>The days before today, read together and kept together: their sums and their watched hours.</summary>
    private sealed record PastDays(DateOnly Today, DateTimeOffset ReadAt, IReadOnlyList<DailyTotal> Totals, IReadOnlyList<WatchedDay> Hours);
}
