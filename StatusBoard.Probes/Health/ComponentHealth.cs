namespace StatusBoard.Probes.Health;

public sealed record ComponentHealth(string Key, string Name, HealthStatus Status, Scope Scope, IReadOnlyList<RegionHealth> Regions);

public sealed record RegionHealth(string Region, HealthStatus Status, double? SuccessRate, double? P95Ms, DateTimeOffset? LastResultAt);
