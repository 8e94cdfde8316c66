using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Live;

/// <summary>A probe's figures over 1 h, 24 h and 7 d, merged from rollups (never raw results), and its recent results.</summary>
public sealed class ProbeHistory(IResultStore store, TimeProvider time)
{
    public static readonly IReadOnlyList<(string Label, TimeSpan Span, RollupGrain Grain)> Periods =
    [
        ("1 h", TimeSpan.FromHours(1), RollupGrain.Minute),
        ("24 h", TimeSpan.FromHours(24), RollupGrain.Hour),
        ("7 d", TimeSpan.FromDays(7), RollupGrain.Hour),
    ];

    public async Task<IReadOnlyList<PeriodFigures>> FiguresAsync(string probe, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var figures = new List<PeriodFigures>();
        foreach (var (label, span, grain) in Periods)
        {
            var rollups = await store.RollupsAsync(new RollupQuery(grain, now - span, now, Probe: probe), cancellationToken);
            var latency = new LatencyHistogram();
            long total = 0, down = 0;
            foreach (var rollup in rollups)
            {
                total += rollup.Total;
                down += rollup.Down;
                latency.Merge(LatencyHistogram.Deserialize(rollup.Histogram, rollup.LatencyMax));
            }

            figures.Add(new PeriodFigures(
                label,
                total,
                total == 0 ? null : (double)(total - down) / total,
                latency.Count == 0 ? null : latency.Percentile(0.50),
                latency.Count == 0 ? null : latency.Percentile(0.95),
                latency.Count == 0 ? null : latency.Percentile(0.99)));
        }

        return figures;
    }

    /// <summary>
    /// The probe's figures per bucket of a period (minutes over 1 h, hours over 24 h and 7 d), every region merged; a bucket
    /// in which nothing ran has no figures (a gap, never a zero).
    /// </summary>
    public async Task<IReadOnlyList<SeriesPoint>> SeriesAsync(string probe, int period, CancellationToken cancellationToken)
    {
        var (_, span, grain) = Periods[Math.Clamp(period, 0, Periods.Count - 1)];
        var step = grain == RollupGrain.Minute ? TimeSpan.FromMinutes(1) : TimeSpan.FromHours(1);
        var now = time.GetUtcNow();
        var last = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % step.Ticks), TimeSpan.Zero);
        var first = last - span + step;
        var rollups = (await store.RollupsAsync(new RollupQuery(grain, first, now, Probe: probe), cancellationToken))
            .ToLookup(r => r.Bucket.UtcTicks);
        var points = new List<SeriesPoint>();
        for (var bucket = first; bucket <= last; bucket += step)
        {
            var latency = new LatencyHistogram();
            long total = 0, down = 0;
            foreach (var rollup in rollups[bucket.UtcTicks])
            {
                total += rollup.Total;
                down += rollup.Down;
                latency.Merge(LatencyHistogram.Deserialize(rollup.Histogram, rollup.LatencyMax));
            }

            points.Add(total == 0
                ? new SeriesPoint(bucket, step, 0, null, null, null, null)
                : new SeriesPoint(bucket, step, total, (double)(total - down) / total, latency.Percentile(0.50), latency.Percentile(0.95), latency.Percentile(0.99)));
        }

        return points;
    }

    public Task<IReadOnlyList<ProbeResult>> RecentAsync(string probe, int count, CancellationToken cancellationToken) =>
        store.QueryAsync(new ResultQuery(Probe: probe, Limit: count), cancellationToken);
}

public sealed record PeriodFigures(string Label, long Results, double? SuccessRate, double? P50Ms, double? P95Ms, double? P99Ms);

/// <summary>One bucket of a probe's chart: when it starts, how long it is, and its figures (null where nothing ran).</summary>
public sealed record SeriesPoint(DateTimeOffset At, TimeSpan Length, long Results, double? SuccessRate, double? P50Ms, double? P95Ms, double? P99Ms);
