namespace StatusBoard.Probes.Health;

public sealed record ComponentHealth(string Key, string Name, HealthStatus Status, Scope Scope, IReadOnlyList<RegionHealth> Regions)
{
    /// <summary>The first failed result of the failure in progress, when the component is not operational.</summary>
    public DateTimeOffset? FailingSince { get; init; }
}

public sealed record RegionHealth(string Region, HealthStatus Status, double? SuccessRate, double? P95Ms, DateTimeOffset? LastResultAt)
{
    /// <summary>The failure categories of the region's failing probes now (<c>security</c> changes what users are told to do).</summary>
    public IReadOnlyList<Classification.FailureCategory> Failing { get; init; } = [];
}
