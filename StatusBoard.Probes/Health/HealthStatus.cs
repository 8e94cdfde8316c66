using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Health;

/// <summary>The Statuspage words for a component, plus <c>blind</c> for a region nobody reports from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HealthStatus>))]
public enum HealthStatus
{
    [JsonStringEnumMemberName("operational")] Operational,
    [JsonStringEnumMemberName("degraded_performance")] DegradedPerformance,
    [JsonStringEnumMemberName("partial_outage")] PartialOutage,
    [JsonStringEnumMemberName("major_outage")] MajorOutage,
    [JsonStringEnumMemberName("under_maintenance")] UnderMaintenance,

    /// <summary>No recent results from this region: unknown, never read as an outage.</summary>
    [JsonStringEnumMemberName("blind")] Blind,
}

[JsonConverter(typeof(JsonStringEnumConverter<Scope>))]
public enum Scope
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("regional")] Regional,
    [JsonStringEnumMemberName("platform-wide")] PlatformWide,
}
