using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Classification;

[JsonConverter(typeof(JsonStringEnumConverter<Outcome>))]
public enum Outcome
{
    [JsonStringEnumMemberName("up")] Up,

    /// <summary>Every condition passed, but too slowly.</summary>
    [JsonStringEnumMemberName("degraded")] Degraded,

    [JsonStringEnumMemberName("down")] Down,

    /// <summary>
    /// StatusBoard could not run the probe (its destination is refused by the allow-list, a secret it refers to is not
    /// set, its definition cannot be run): no evidence about the platform, so it counts in no component's health.
    /// </summary>
    [JsonStringEnumMemberName("error")] Error,
}
