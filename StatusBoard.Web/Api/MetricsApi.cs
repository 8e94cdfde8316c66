using System.Globalization;
using System.Text;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Metrics;
using StatusBoard.Web.Accounts;

namespace StatusBoard.Web.Api;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format (0.0.4): names <c>statusboard_…</c>, base units, <c>_total</c>
/// counters. Open by default; with <c>StatusBoard:Metrics:RequireApiKey</c> = true it needs a key (viewer and up).
/// </summary>
public static class MetricsApi
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        var endpoint = app.MapGet("/metrics", (ProbeMetrics metrics, HealthService health) =>
            Results.Text(Write(metrics.Snapshot(), health.Current()), ContentType)).ExcludeFromDescription();
        if (configuration.GetValue<bool>("StatusBoard:Metrics:RequireApiKey"))
        {
            endpoint.RequireAuthorization(Roles.Viewer);
        }

        return app;
    }

    public static string Write(MetricsSnapshot snapshot, IReadOnlyList<ComponentHealth> components)
    {
        var text = new StringBuilder();
        Header(text, "statusboard_probe_up", "gauge", "Whether the last result of a probe in a region was up (1) or not (0).");
        foreach (var pair in snapshot.Pairs)
        {
            Sample(text, "statusboard_probe_up", Labels(pair.Probe, pair.Region, pair.Component), pair.Up ? 1 : 0);
        }

        Header(text, "statusboard_probe_results_total", "counter", "Probe results by outcome and failure category.");
        foreach (var count in snapshot.Results)
        {
            Sample(text, "statusboard_probe_results_total", Labels(count.Probe, count.Region, count.Component) + $",outcome=\"{count.Outcome}\",category=\"{Escape(count.Category)}\"", count.Count);
        }

        Header(text, "statusboard_probe_duration_seconds", "histogram", "How long probe runs took.");
        foreach (var pair in snapshot.Pairs)
        {
            var labels = Labels(pair.Probe, pair.Region, pair.Component);
            long cumulative = 0;
            for (var i = 0; i < ProbeMetrics.Buckets.Length; i++)
            {
                cumulative += pair.BucketCounts[i];
                Sample(text, "statusboard_probe_duration_seconds_bucket", labels + $",le=\"{Number(ProbeMetrics.Buckets[i])}\"", cumulative);
            }

            Sample(text, "statusboard_probe_duration_seconds_bucket", labels + ",le=\"+Inf\"", pair.Count);
            Sample(text, "statusboard_probe_duration_seconds_sum", labels, pair.Sum);
            Sample(text, "statusboard_probe_duration_seconds_count", labels, pair.Count);
        }

        Header(text, "statusboard_probe_certificate_expiry_timestamp_seconds", "gauge", "When the server certificate a probe read expires, as a Unix time.");
        foreach (var pair in snapshot.Pairs.Where(p => p.CertificateExpiresAt is not null))
        {
            Sample(text, "statusboard_probe_certificate_expiry_timestamp_seconds", Labels(pair.Probe, pair.Region, pair.Component), pair.CertificateExpiresAt!.Value.ToUnixTimeSeconds());
        }

        Header(text, "statusboard_component_status", "gauge", "The component's status: 1 for the status it has, 0 for the others.");
        foreach (var component in components)
        {
            foreach (var status in Enum.GetValues<HealthStatus>())
            {
                Sample(text, "statusboard_component_status", $"component=\"{Escape(component.Key)}\",status=\"{status.ToWire()}\"", component.Status == status ? 1 : 0);
            }
        }

        Header(text, "statusboard_component_scope", "gauge", "The scope of a component's failure: 1 for the scope it has (none, regional, platform-wide), 0 for the others.");
        foreach (var component in components)
        {
            foreach (var scope in Enum.GetValues<Scope>())
            {
                Sample(text, "statusboard_component_scope", $"component=\"{Escape(component.Key)}\",scope=\"{scope.ToWire()}\"", component.Scope == scope ? 1 : 0);
            }
        }

        Header(text, "statusboard_agent_last_seen_timestamp_seconds", "gauge", "When an agent last delivered a result from a region, as a Unix time.");
        foreach (var agent in snapshot.Agents)
        {
            Sample(text, "statusboard_agent_last_seen_timestamp_seconds", $"agent=\"{Escape(agent.Agent)}\",region=\"{Escape(agent.Region)}\"", agent.LastSeen.ToUnixTimeMilliseconds() / 1000.0);
        }

        return text.ToString();
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append('{').Append(labels).Append("} ").Append(Number(value)).Append('\n');

    private static string Labels(string probe, string region, string component) =>
        $"probe=\"{Escape(probe)}\",region=\"{Escape(region)}\",component=\"{Escape(component)}\"";

    /// <summary>Label values escape backslash, double quote and line feed, as the format requires.</summary>
    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
