using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Classification;

[JsonConverter(typeof(JsonStringEnumConverter<Outcome>))]
public enum Outcome
{
    [JsonStringEnumMemberName("up")] Up,

    /// <summary>Every condition passed, but too slowly.</summary>
    [JsonStringEnumMemberName("degraded")] Degraded,

    [JsonStringEnumMemberName("down")] Down,
}
