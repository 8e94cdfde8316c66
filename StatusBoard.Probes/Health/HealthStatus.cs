using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Health;

/// <summary>The Statuspage words for a component, plus <c>blind</c> for a region nobody reports from.</summary>
[JsonConverter(typeof(WireEnumConverter<HealthStatus>))]
public enum HealthStatus
{
    Operational,
    [JsonStringEnumMemberName("degraded_performance")] DegradedPerformance,
    [JsonStringEnumMemberName("partial_outage")] PartialOutage,
    [JsonStringEnumMemberName("major_outage")] MajorOutage,
    [JsonStringEnumMemberName("under_maintenance")] UnderMaintenance,

    /// <summary>No recent results from this region: unknown, never read as an outage.</summary>
    Blind,
}

[JsonConverter(typeof(WireEnumConverter<Scope>))]
public enum Scope
{
    None,
    Regional,
    PlatformWide,
}
