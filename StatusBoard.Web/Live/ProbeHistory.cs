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

    public Task<IReadOnlyList<ProbeResult>> RecentAsync(string probe, int count, CancellationToken cancellationToken) =>
        store.QueryAsync(new ResultQuery(Probe: probe, Limit: count), cancellationToken);
}

public sealed record PeriodFigures(string Label, long Results, double? SuccessRate, double? P50Ms, double? P95Ms, double? P99Ms);
