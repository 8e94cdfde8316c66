using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;

namespace StatusBoard.Probes.Reliability;

/// <summary>
/// Uptime, error budget and MTTx from incidents: a pure function, table-tested. An incident is down from its first
/// failing result until its probes recovered (monitoring) or it was resolved; each stretch weighs by the component's
/// status then (a partial outage counts as a fraction). Overlapping incidents on one component count once, at the
/// heavier weight. False alarms are left out of uptime and MTTx and counted apart. Months are UTC calendar months.
/// </summary>
public static class ReliabilityMath
{
    public const string Unclassified = "unclassified";

    public static IReadOnlyList<MonthlyFigures> Monthly(
        IReadOnlyList<Incident> incidents,
        IReadOnlyList<ComponentDefinition> components,
        DateOnly firstMonth,
        DateOnly lastMonth,
        DateTimeOffset now,
        SloOptions options,
        Coverage? coverage = null)
    {
        var figures = new List<MonthlyFigures>();
        // Each component's incidents, found once rather than once a month: a year of 200 components and thousands of
        // incidents otherwise scans every incident 2,400 times.
        var byComponent = incidents.SelectMany(i => i.Components.Select(c => c.Key).Distinct(StringComparer.Ordinal).Select(key => (Key: key, Incident: i)))
            .ToLookup(x => x.Key, x => x.Incident, StringComparer.Ordinal);
        foreach (var month in Months(firstMonth, lastMonth))
        {
            var (from, to) = Bounds(month);
            var end = to < now ? to : now;
            if (end <= from)
            {
                continue;
            }

            var minutes = (end - from).TotalMinutes;
            foreach (var component in components.OrderBy(c => c.Position).ThenBy(c => c.Key, StringComparer.Ordinal))
            {
                var own = byComponent[component.Key].ToList();
                var real = own.Where(i => !i.FalseAlarm && i.StartedAt < end && (i.ResolvedAt ?? DateTimeOffset.MaxValue) >= from).ToList();
                var downtime = Downtime(real.SelectMany(i => Segments(i, component.Key, now, options)), from, end);
                var started = own.Where(i => i.StartedAt >= from && i.StartedAt < to).ToList();
                var counted = started.Where(i => !i.FalseAlarm).ToList();
                var slo = options.For(component.Key);
                // Uptime over the watched time only: the rest is no data, never up.
                var watched = coverage?.MinutesWatched(component.Key, from, end) ?? minutes;
                var budget = (1 - slo) * watched;
                figures.Add(new MonthlyFigures(
                    component.Key,
                    component.Name,
                    month,
                    minutes,
                    downtime,
                    watched <= 0 ? null : Math.Clamp(1 - (downtime / watched), 0, 1),
                    slo,
                    budget,
                    budget <= 0 ? (downtime > 0 ? double.PositiveInfinity : 0) : downtime / budget,
                    counted.Count,
                    started.Count - counted.Count,
                    Mean(counted.Select(i => (i.DetectedAt - i.StartedAt).TotalMinutes)),
                    Mean(counted.Where(i => i.AcknowledgedAt is not null).Select(i => (i.AcknowledgedAt!.Value - i.DetectedAt).TotalMinutes)),
                    Mean(counted.Where(i => i.ResolvedAt is not null).Select(i => (i.ResolvedAt!.Value - i.StartedAt).TotalMinutes))) { WatchedMinutes = watched });
            }
        }

        return figures;
    }

    /// <summary>Weighted downtime in [from, to) by failure category, shared out by each incident's category counts.</summary>
    public static IReadOnlyList<CategoryCost> Pareto(IReadOnlyList<Incident> incidents, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, SloOptions options)
    {
        var costs = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var incident in incidents.Where(i => !i.FalseAlarm))
        {
            var minutes = incident.Components.Sum(c => Downtime(Segments(incident, c.Key, now, options), from, to));
            if (minutes <= 0)
            {
                continue;
            }

            var total = incident.Categories.Values.Sum();
            if (total == 0)
            {
                costs[Unclassified] = costs.GetValueOrDefault(Unclassified) + minutes;
                continue;
            }

            foreach (var (category, count) in incident.Categories)
            {
                costs[category] = costs.GetValueOrDefault(category) + (minutes * count / total);
            }
        }

        var sum = costs.Values.Sum();
        var cumulative = 0.0;
        return costs.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c =>
        {
            cumulative += c.Value;
            return new CategoryCost(c.Key, c.Value, c.Value / sum, cumulative / sum);
        }).ToList();
    }

    /// <summary>Counts and MTTx over a list of incidents, false alarms counted apart.</summary>
    public static IncidentSummary Summary(IReadOnlyList<Incident> incidents)
    {
        var real = incidents.Where(i => !i.FalseAlarm).ToList();
        return new IncidentSummary(
            real.Count,
            incidents.Count - real.Count,
            real.Count(i => i.IsOpen),
            Mean(real.Select(i => (i.DetectedAt - i.StartedAt).TotalMinutes)),
            Mean(real.Where(i => i.AcknowledgedAt is not null).Select(i => (i.AcknowledgedAt!.Value - i.DetectedAt).TotalMinutes)),
            Mean(real.Where(i => i.ResolvedAt is not null).Select(i => (i.ResolvedAt!.Value - i.StartedAt).TotalMinutes)));
    }

    public static (DateTimeOffset From, DateTimeOffset To) Bounds(DateOnly month)
    {
        var from = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return (from, from.AddMonths(1));
    }

    public static IEnumerable<DateOnly> Months(DateOnly first, DateOnly last)
    {
        for (var month = new DateOnly(first.Year, first.Month, 1); month <= last; month = month.AddMonths(1))
        {
            yield return month;
        }
    }

    /// <summary>
    /// The stretches an incident kept a component down, with their weight: from each recorded status of the component
    /// to the next, from the start to when the probes recovered or the incident was resolved.
    /// </summary>
    public static IEnumerable<(DateTimeOffset From, DateTimeOffset To, double Weight)> Segments(Incident incident, string component, DateTimeOffset now, SloOptions options)
    {
        var end = incident.MonitoringAt ?? incident.ResolvedAt ?? now;
        if (end <= incident.StartedAt)
        {
            yield break;
        }

        var points = incident.Updates
            .Select(u => (u.CreatedAt, Status: u.Components.FirstOrDefault(c => c.Key == component)?.Status))
            .Where(p => p.Status is not null)
            .Select(p => (At: p.CreatedAt, Status: p.Status!.Value))
            .OrderBy(p => p.At)
            .ToList();
        var fallback = incident.Components.FirstOrDefault(c => c.Key == component)?.Status ?? HealthStatus.Operational;
        if (points.Count == 0)
        {
            points.Add((incident.StartedAt, fallback));
        }

        for (var i = 0; i < points.Count; i++)
        {
            var from = i == 0 ? incident.StartedAt : points[i].At;
            var to = i + 1 < points.Count ? points[i + 1].At : end;
            if (to > end)
            {
                to = end;
            }

            if (to > from)
            {
                yield return (from, to, Weight(points[i].Status, incident, options));
            }
        }
    }

    /// <summary>How much a minute counts as down. An incident opened by hand on a component the probes see as fine weighs by its impact.</summary>
    private static double Weight(HealthStatus status, Incident incident, SloOptions options)
    {
        var effective = status is HealthStatus.Operational or HealthStatus.Blind or HealthStatus.UnderMaintenance && !incident.Automatic
            ? incident.Impact switch
            {
                Impact.Critical => HealthStatus.MajorOutage,
                Impact.Major => HealthStatus.PartialOutage,
                Impact.Minor => HealthStatus.DegradedPerformance,
                _ => HealthStatus.Operational,
            }
            : status;
        return effective switch
        {
            HealthStatus.MajorOutage => 1,
            HealthStatus.PartialOutage => options.PartialOutageWeight,
            HealthStatus.DegradedPerformance => options.DegradedWeight,
            _ => 0,
        };
    }

    /// <summary>Weighted minutes within [from, to) covered by the segments; where they overlap, the heaviest counts.</summary>
    private static double Downtime(IEnumerable<(DateTimeOffset From, DateTimeOffset To, double Weight)> segments, DateTimeOffset from, DateTimeOffset to)
    {
        var clipped = segments
            .Select(s => (From: s.From < from ? from : s.From, To: s.To > to ? to : s.To, s.Weight))
            .Where(s => s.To > s.From && s.Weight > 0)
            .ToList();
        if (clipped.Count == 0)
        {
            return 0;
        }

        var edges = clipped.SelectMany(s => new[] { s.From, s.To }).Distinct().Order().ToList();
        var total = 0.0;
        for (var i = 0; i + 1 < edges.Count; i++)
        {
            var weight = clipped.Where(s => s.From <= edges[i] && s.To >= edges[i + 1]).Select(s => s.Weight).DefaultIfEmpty(0).Max();
            total += weight * (edges[i + 1] - edges[i]).TotalMinutes;
        }

        return total;
    }

    private static double? Mean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? null : list.Average();
    }
}
