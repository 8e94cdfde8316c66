using System.Diagnostics.Metrics;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Metrics;

/// <summary>
/// The engine's figures as instruments of the meter <c>StatusBoard</c>, beside <see cref="ProbeMetrics"/>'s: what
/// <c>/metrics</c> writes as <c>statusboard_scheduler_…</c>, <c>statusboard_results_…</c> and
/// <c>statusboard_storage_failing</c>, so an OTLP collector has every family Prometheus has. Read when the exporter
/// collects; the lag histogram hears each run as <see cref="ScheduleLag"/> does.
/// </summary>
public sealed class EngineMetrics
{
    public EngineMetrics(IMeterFactory meters, ProbeScheduler scheduler, ResultWriter writer)
    {
        var meter = meters.Create(ProbeMetrics.MeterName, ProbeMetrics.MeterVersion);
        meter.CreateObservableUpDownCounter("statusboard.scheduler.pairs", () => scheduler.Pairs, "{pair}", "Probe × region pairs the in-process scheduler runs");
        meter.CreateObservableCounter("statusboard.scheduler.runs.started", () => scheduler.Started, "{run}", "Runs the in-process scheduler started");
        meter.CreateObservableCounter("statusboard.scheduler.runs.skipped", () => scheduler.SkippedOverlaps, "{run}", "Ticks skipped because the pair's previous run was still going");
        scheduler.Lag.Mirror = meter.CreateHistogram("statusboard.scheduler.lag", "s", "How late runs started against their planned start",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ScheduleLag.Buckets });
        meter.CreateObservableCounter("statusboard.results.written", () => writer.Written, "{result}", "Results written to the store");
        meter.CreateObservableUpDownCounter("statusboard.results.queued", () => writer.Queued, "{result}", "Results waiting to be written");
        meter.CreateObservableCounter("statusboard.results.dropped", () => writer.Dropped, "{result}", "Results dropped, oldest first, because the database could not take them for too long");
        meter.CreateObservableGauge("statusboard.storage.failing", () => writer.Status is null ? 0 : 1, "1", "1 while results cannot be written, else 0");
    }
}
