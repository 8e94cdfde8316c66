namespace StatusBoard.Probes.Health;

/// <summary>What counts as failing, said once: slower than the threshold or out (blind and maintenance are neither).</summary>
public static class HealthStatusExtensions
{
    public static bool IsFailing(this HealthStatus status) =>
        status is HealthStatus.DegradedPerformance or HealthStatus.PartialOutage or HealthStatus.MajorOutage;

    public static bool IsFailing(this ComponentHealth component) => component.Status.IsFailing();

    /// <summary>
    /// Several components' status said as one (a group's): the worst seen — an outage over slowness over maintenance
    /// over operational — and blind only when none is seen.
    /// </summary>
    public static HealthStatus Worst(this IEnumerable<HealthStatus> statuses) => statuses
        .Where(status => status != HealthStatus.Blind)
        .OrderByDescending(status => status switch
        {
            HealthStatus.MajorOutage => 4,
            HealthStatus.PartialOutage => 3,
            HealthStatus.DegradedPerformance => 2,
            HealthStatus.UnderMaintenance => 1,
            _ => 0,
        })
        .DefaultIfEmpty(HealthStatus.Blind)
        .First();

    /// <summary>The regions where the component fails now, in the order of its regions.</summary>
    public static IReadOnlyList<string> FailingRegions(this ComponentHealth component) =>
        component.Regions.Where(r => r.Status.IsFailing()).Select(r => r.Region).ToList();
}
