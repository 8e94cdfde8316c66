using StatusBoard.Probes.Health;
using StatusBoard.Probes.Metrics;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;
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
        var endpoint = app.MapGet("/metrics", (ProbeMetrics metrics, HealthService health, ProbeScheduler scheduler, ResultWriter writer) =>
            TypedResults.Text(Write(metrics.Snapshot(), health.Current(), EngineFigures.Of(scheduler, writer)), ContentType)).ExcludeFromDescription();

        // The engine alone, small however many probes there are: for watching the scheduler keep up.
        var engine = app.MapGet("/api/v1/engine", (ProbeScheduler scheduler, ResultWriter writer, Probes.Cluster.Leadership leadership) => EngineFigures.Of(scheduler, writer, leadership));
        if (configuration.GetValue<bool>("StatusBoard:Metrics:RequireApiKey"))
        {
            endpoint.RequireAuthorization(Roles.Viewer);
            engine.RequireAuthorization(Roles.Viewer);
        }

        return app;
    }

    public static string Write(MetricsSnapshot snapshot, IReadOnlyList<ComponentHealth> components, EngineFigures engine)
    {
        var text = new StringBuilder();
        WriteEngine(text, engine);
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
            Histogram(text, "statusboard_probe_duration_seconds", Labels(pair.Probe, pair.Region, pair.Component), ProbeMetrics.Buckets, pair.BucketCounts, pair.Count, pair.Sum);
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

    private static void WriteEngine(StringBuilder text, EngineFigures engine)
    {
        Header(text, "statusboard_scheduler_pairs", "gauge", "Probe × region pairs the in-process scheduler runs.");
        Sample(text, "statusboard_scheduler_pairs", "", engine.Pairs);
        Header(text, "statusboard_scheduler_runs_started_total", "counter", "Runs the in-process scheduler started.");
        Sample(text, "statusboard_scheduler_runs_started_total", "", engine.Started);
        Header(text, "statusboard_scheduler_runs_skipped_total", "counter", "Ticks skipped because the pair's previous run was still going.");
        Sample(text, "statusboard_scheduler_runs_skipped_total", "", engine.SkippedOverlaps);
        Header(text, "statusboard_scheduler_lag_seconds", "histogram", "How late runs started against their planned start.");
        Histogram(text, "statusboard_scheduler_lag_seconds", "", ScheduleLag.Buckets, [.. engine.Lag.Buckets.Select(b => b.Count)], engine.Lag.Count, engine.Lag.SumSeconds);
        Header(text, "statusboard_results_written_total", "counter", "Results written to the store.");
        Sample(text, "statusboard_results_written_total", "", engine.Written);
        Header(text, "statusboard_results_queued", "gauge", "Results waiting to be written.");
        Sample(text, "statusboard_results_queued", "", engine.Queued);
        Header(text, "statusboard_results_dropped_total", "counter", "Results dropped, oldest first, because the database could not take them for too long.");
        Sample(text, "statusboard_results_dropped_total", "", engine.Dropped);
        Header(text, "statusboard_storage_failing", "gauge", "1 while results cannot be written (database locked, slow or disk full), else 0.");
        Sample(text, "statusboard_storage_failing", "", engine.StorageFailingSince is null ? 0 : 1);
    }

    /// <summary>A histogram's cumulative buckets, +Inf, sum and count; <paramref name="counts"/> are per bucket (+Inf last).</summary>
    private static void Histogram(StringBuilder text, string name, string labels, double[] bounds, IReadOnlyList<long> counts, long count, double sum)
    {
        var prefix = labels.Length == 0 ? "" : labels + ",";
        long cumulative = 0;
        for (var i = 0; i < bounds.Length; i++)
        {
            cumulative += counts[i];
            Sample(text, name + "_bucket", prefix + $"le=\"{Number(bounds[i])}\"", cumulative);
        }

        Sample(text, name + "_bucket", prefix + "le=\"+Inf\"", count);
        Sample(text, name + "_sum", labels, sum);
        Sample(text, name + "_count", labels, count);
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string labels, double value) =>
        (labels.Length == 0 ? text.Append(name) : text.Append(name).Append('{').Append(labels).Append('}')).Append(' ').Append(Number(value)).Append('\n');

    private static string Labels(string probe, string region, string component) =>
        $"probe=\"{Escape(probe)}\",region=\"{Escape(region)}\",component=\"{Escape(component)}\"";

    /// <summary>Label values escape backslash, double quote and line feed, as the format requires.</summary>
    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// The in-process engine at a glance: scheduled pairs, runs, lag (non-cumulative buckets, upper bounds in seconds),
/// writes (and, while the database refuses them, since when and why), and the process's managed heap as of the last
/// garbage collection.
/// </summary>
public sealed record EngineFigures(int Pairs, long Started, int InFlight, long SkippedOverlaps, LagFigures Lag, long Written, int Queued)
{
    public long ManagedHeapBytes { get; init; } = GC.GetGCMemoryInfo().HeapSizeBytes;

    public long Dropped { get; init; }

    public DateTimeOffset? StorageFailingSince { get; init; }

    public string? StorageError { get; init; }

    /// <summary>This web node's name, and whether it leads (runs the scheduler, the incident engine, notifications).</summary>
    public string? Node { get; init; }

    public bool Leading { get; init; }

    public static EngineFigures Of(ProbeScheduler scheduler, ResultWriter writer, Probes.Cluster.Leadership? leadership = null)
    {
        var lag = scheduler.Lag.Snapshot();
        var buckets = lag.BucketCounts.Select((count, i) => new LagBucket(i < ScheduleLag.Buckets.Length ? ScheduleLag.Buckets[i] : null, count)).ToList();
        return new EngineFigures(scheduler.Pairs, scheduler.Started, scheduler.InFlight, scheduler.SkippedOverlaps,
            new LagFigures(lag.Count, lag.Sum.TotalSeconds, lag.Max.TotalSeconds, buckets), writer.Written, writer.Queued)
        {
            Dropped = writer.Dropped,
            StorageFailingSince = writer.Status?.Since,
            StorageError = writer.Status?.Error,
            Node = leadership?.Node,
            Leading = leadership?.IsLeading ?? false,
        };
    }
}

public sealed record LagFigures(long Count, double SumSeconds, double MaxSeconds, IReadOnlyList<LagBucket> Buckets);

/// <summary>Runs whose lag fell in this bucket; <see cref="Le"/> null is +Inf.</summary>
public sealed record LagBucket(double? Le, long Count);
