using StatusBoard.Probes.Classification;

namespace StatusBoard.Probes.Health;

/// <summary>
/// Component health from the confirmed state of its probes in each region. A pure function, table-tested.
/// A region is failing when one of its probes is; the scope is <c>platform-wide</c> when more than half of the
/// regions that report are failing, <c>regional</c> when fewer. Blind regions count for neither, and a component no
/// region reports on (every region blind, its probes paused, or none) is <c>blind</c>: unknown, never operational.
/// </summary>
public static class HealthEvaluator
{
    public static IReadOnlyList<ComponentHealth> Evaluate(
        IReadOnlyList<ComponentDefinition> components,
        IReadOnlyList<ProbeDefinition> probes,
        IReadOnlyList<PairHealth> pairs,
        DateTimeOffset now,
        HealthOptions options,
        bool figures = true,
        IRegionPresence? presence = null)
    {
        var byPair = pairs.ToDictionary(pair => (pair.Probe, pair.Region));
        return components.OrderBy(c => c.Position).ThenBy(c => c.Key, StringComparer.Ordinal).Select(component =>
        {
            var own = probes.Where(p => p.Component == component.Key).ToList();
            var regions = own.SelectMany(p => p.Regions).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(region => EvaluateRegion(region, own.Where(p => p.Regions.Contains(region)).ToList(), byPair, now, options, figures, presence))
                .ToList();
            var (status, scope) = Combine(regions);
            var failingSince = status is HealthStatus.Operational or HealthStatus.Blind ? null : own
                .SelectMany(p => p.Regions.Select(r => byPair.GetValueOrDefault((p.Key, r))))
                .Where(pair => pair?.FailingSince is not null)
                .Min(pair => pair!.FailingSince);
            return new ComponentHealth(component.Key, component.Name, status, scope, regions) { FailingSince = failingSince };
        }).ToList();
    }

    /// <summary>The component's status and scope from its regions' statuses.</summary>
    public static (HealthStatus Status, Scope Scope) Combine(IReadOnlyList<RegionHealth> regions)
    {
        var seen = regions.Where(r => r.Status != HealthStatus.Blind).ToList();
        if (seen.Count == 0)
        {
            return (HealthStatus.Blind, Scope.None);
        }

        var failing = seen.Count(r => r.Status != HealthStatus.Operational);
        if (failing == 0)
        {
            return (HealthStatus.Operational, Scope.None);
        }

        var scope = failing * 2 > seen.Count ? Scope.PlatformWide : Scope.Regional;
        var status = seen.All(r => r.Status == HealthStatus.MajorOutage) ? HealthStatus.MajorOutage
            : seen.Any(r => r.Status is HealthStatus.MajorOutage or HealthStatus.PartialOutage) ? HealthStatus.PartialOutage
            : HealthStatus.DegradedPerformance;
        return (status, scope);
    }

    private static RegionHealth EvaluateRegion(
        string region,
        List<ProbeDefinition> probes,
        Dictionary<(string, string), PairHealth> pairs,
        DateTimeOffset now,
        HealthOptions options,
        bool figures,
        IRegionPresence? presence)
    {
        var fresh = new List<PairHealth>();
        DateTimeOffset? last = null;
        foreach (var probe in probes)
        {
            if (!pairs.TryGetValue((probe.Key, region), out var pair) || !pair.HasResults)
            {
                continue;
            }

            last = last is null || pair.LastResultAt > last ? pair.LastResultAt : last;
            if (IsFresh(pair, probe, now, options))
            {
                fresh.Add(pair);
            }
        }

        // No fresh result, or every agent of the region silent: nobody can see it from there now.
        if (fresh.Count == 0 || presence?.IsSilent(region, now) == true)
        {
            return new RegionHealth(region, HealthStatus.Blind, null, null, last);
        }

        var down = fresh.Count(p => p.State == Outcome.Down);
        var status = down == fresh.Count ? HealthStatus.MajorOutage
            : down > 0 ? HealthStatus.PartialOutage
            : fresh.Any(p => p.State == Outcome.Degraded) ? HealthStatus.DegradedPerformance
            : HealthStatus.Operational;

        var failing = down == 0 ? [] : fresh.Where(p => p.State == Outcome.Down && p.LastCategory is not null)
            .Select(p => p.LastCategory!.Value).Distinct().Order().ToList();
        if (!figures)
        {
            return new RegionHealth(region, status, null, null, last) { Failing = failing };
        }

        // Thousands of pairs are evaluated several times a second: one array, sorted in place.
        var durations = new double[fresh.Sum(p => p.Recent.Count)];
        var (filled, notDown) = (0, 0);
        foreach (var result in fresh.SelectMany(p => p.Recent))
        {
            durations[filled++] = result.DurationMs;
            notDown += result.Outcome != Outcome.Down ? 1 : 0;
        }

        Array.Sort(durations);
        double? successRate = durations.Length == 0 ? null : Math.Round((double)notDown / durations.Length, 4);
        double? p95 = durations.Length == 0 ? null : Percentile(durations, 0.95);
        return new RegionHealth(region, status, successRate, p95, last) { Failing = failing };
    }

    /// <summary>Whether a pair reported recently enough to count; one that did not is blind, never down.</summary>
    public static bool IsFresh(PairHealth pair, ProbeDefinition probe, DateTimeOffset now, HealthOptions options)
    {
        var staleAfter = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, probe.Interval.Ticks * options.BlindAfterIntervals))
            + probe.RunDeadline;
        return now - pair.LastResultAt <= staleAfter;
    }

    private static double Percentile(double[] sorted, double quantile)
    {
        var index = (int)Math.Ceiling(quantile * sorted.Length) - 1;
        return Math.Round(sorted[Math.Clamp(index, 0, sorted.Length - 1)], 1);
    }
}
