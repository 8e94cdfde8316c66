using System.Text.Json.Serialization;

namespace StatusBoard.Web.Sandbox;

/// <summary>A fault the sandbox gateway can play, so probes, categories and pages can be seen failing on purpose.</summary>
[JsonConverter(typeof(WireEnumConverter<SandboxFault>))]
public enum SandboxFault
{
    None,
    Outage,
    Timeout,
    Latency,
    [JsonStringEnumMemberName("ratelimit")] RateLimit,
    [JsonStringEnumMemberName("riskblock")] RiskBlock,
    [JsonStringEnumMemberName("oldversion")] OldVersion,
    [JsonStringEnumMemberName("badrequest")] BadRequest,
    [JsonStringEnumMemberName("wrongamount")] WrongAmount,
    [JsonStringEnumMemberName("stuckpending")] StuckPending,
}

/// <summary>A fault switched on for a region (or <c>*</c>) and an endpoint (or <c>*</c>).</summary>
public sealed record SandboxFaultSetting(string Region, string Endpoint, SandboxFault Fault, int LatencyMs);
