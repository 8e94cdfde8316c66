using StatusBoard.Probes.Common;
using StatusBoard.Probes.Definitions;

namespace StatusBoard.Tests.Support;

/// <summary>Probe definitions for tests, written as the JSON users write.</summary>
internal static class TestProbes
{
    public static ProbeDefinition Http(string key, string url, string interval = "10s", int retries = 0, string timeout = "2s", params string[] conditions) =>
        Parse($$"""
            { "key": "{{key}}", "name": "{{key}}", "component": "payments", "regions": ["sg"], "interval": "{{interval}}",
              "timeout": "{{timeout}}", "retries": {{retries}}, "request": { "url": "{{url}}" }, "errorCodePath": "$.error.code",
              "conditions": {{Json.Serialize(conditions.Length == 0 ? ["[STATUS] == 200"] : conditions)}} }
            """);

    public static ProbeDefinition Parse(string json) =>
        ProbeDefinitionParser.Parse(Json.Deserialize<ProbeDocument>(json)!, _ => true);
}

/// <summary>Where test probes may connect: loopback, where every test target listens.</summary>
internal static class TestDestinations
{
    public static StatusBoard.Probes.Running.Destinations Loopback { get; } = new(
        Microsoft.Extensions.Options.Options.Create(new StatusBoard.Probes.Running.DestinationOptions { AllowedPrivateNetworks = ["127.0.0.0/8", "::1/128"] }));
}
