using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Classification;

/// <summary>How a request failed before a response could be read.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TransportFailure>))]
public enum TransportFailure
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("timeout")] Timeout,
    [JsonStringEnumMemberName("dns")] Dns,
    [JsonStringEnumMemberName("refused")] ConnectionRefused,
    [JsonStringEnumMemberName("reset")] ConnectionReset,
    [JsonStringEnumMemberName("tls")] Tls,
    [JsonStringEnumMemberName("protocol")] Protocol,

    /// <summary>StatusBoard refused to connect: the address is private and not allowed (<c>StatusBoard:Probes:AllowedPrivateNetworks</c>).</summary>
    [JsonStringEnumMemberName("blocked")] Blocked,
}
