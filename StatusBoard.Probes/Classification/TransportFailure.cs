using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Classification;

/// <summary>How a request failed before a response could be read.</summary>
[JsonConverter(typeof(WireEnumConverter<TransportFailure>))]
public enum TransportFailure
{
    None,
    Timeout,
    Dns,
    [JsonStringEnumMemberName("refused")] ConnectionRefused,
    [JsonStringEnumMemberName("reset")] ConnectionReset,
    Tls,
    Protocol,

    /// <summary>StatusBoard refused to connect: the address is private and not allowed (<c>StatusBoard:Probes:AllowedPrivateNetworks</c>).</summary>
    Blocked,
}
