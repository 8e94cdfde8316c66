using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Definitions;

[JsonConverter(typeof(JsonStringEnumConverter<ProbeKind>))]
public enum ProbeKind
{
    /// <summary>One request with conditions.</summary>
    [JsonStringEnumMemberName("http")] Http,

    /// <summary>A multi-step synthetic payment with extracted values, polling and cleanup steps.</summary>
    [JsonStringEnumMemberName("journey")] Journey,
}
