namespace StatusBoard.Probes.Health;

/// <summary>What counts as failing, said once: slower than the threshold or out (blind and maintenance are neither).</summary>
public static class HealthStatusExtensions
{
    public static bool IsFailing(this HealthStatus status) =>
        status is HealthStatus.DegradedPerformance or HealthStatus.PartialOutage or HealthStatus.MajorOutage;

    public static bool IsFailing(this ComponentHealth component) => component.Status.IsFailing();

    /// <summary>The regions where the component fails now, in the order of its regions.</summary>
    public static IReadOnlyList<string> FailingRegions(this ComponentHealth component) =>
        component.Regions.Where(r => r.Status.IsFailing()).Select(r => r.Region).ToList();
}
