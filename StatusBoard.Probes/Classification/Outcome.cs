using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Classification;

[JsonConverter(typeof(WireEnumConverter<Outcome>))]
public enum Outcome
{
    Up,

    /// <summary>Every condition passed, but too slowly.</summary>
    Degraded,

    Down,

    /// <summary>
    /// StatusBoard could not run the probe (its destination is refused by the allow-list, a secret it refers to is not
    /// set, its definition cannot be run): no evidence about the platform, so it counts in no component's health.
    /// </summary>
    Error,
}
