namespace StatusBoard.Probes.Health;

public sealed record ComponentHealth(string Key, string Name, HealthStatus Status, Scope Scope, IReadOnlyList<RegionHealth> Regions)
{
    /// <summary>The first failed result of the failure in progress, when the component is not operational.</summary>
    public DateTimeOffset? FailingSince { get; init; }
}

public sealed record RegionHealth(string Region, HealthStatus Status, double? SuccessRate, double? P95Ms, DateTimeOffset? LastResultAt);
