using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Definitions;

[JsonConverter(typeof(JsonStringEnumConverter<ProbeKind>))]
public enum ProbeKind
{
    /// <summary>One request with conditions.</summary>
    [JsonStringEnumMemberName("http")] Http,

    /// <summary>A multi-step synthetic payment with extracted values, polling and cleanup steps.</summary>
    [JsonStringEnumMemberName("journey")] Journey,

    /// <summary>A TCP connection to <c>target</c> (host:port), optionally sending <c>send</c> and reading the answer.</summary>
    [JsonStringEnumMemberName("tcp")] Tcp,

    /// <summary>A TLS handshake with <c>target</c> (host:port): certificate expiry, hostname match, chain validity.</summary>
    [JsonStringEnumMemberName("tls")] Tls,

    /// <summary>A DNS lookup of <c>target</c> (a name) with the system resolver, for <c>recordType</c> A or AAAA.</summary>
    [JsonStringEnumMemberName("dns")] Dns,
}
