using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Services;

/// <summary>One hour of a component's response time: the median and the 95th percentile over its probes and regions.</summary>
public sealed record LatencyHour(DateTimeOffset Hour, double P50Ms, double P95Ms, long Runs);

/// <summary>
/// The last 24 hours of each component's response time, from the hour rollups (their latency histograms merged, so the
/// percentiles are of all the runs, not averages of percentiles). Read for all components at once and kept for
/// <see cref="Kept"/>: the public page renders every few seconds, and an hour's figure moves slowly.
/// </summary>
public sealed class LatencyService(IResultStore store, TimeProvider time)
{
    public const int Hours = 24;

    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);

    private (DateTimeOffset ReadAt, IReadOnlyDictionary<string, IReadOnlyList<LatencyHour>> Hours)? _last;

    /// <summary>Per component, the hours that had runs, oldest first (the current hour included, so far).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<LatencyHour>>> LastDayAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_last is { } last && now - last.ReadAt < Kept)
        {
            return last.Hours;
        }

        var from = Rollup.BucketOf(now, RollupGrain.Hour).AddHours(-(Hours - 1));
        var rollups = await store.RollupsAsync(new RollupQuery(RollupGrain.Hour, from, now.AddHours(1)), cancellationToken);
        var hours = rollups.Where(r => r.Total > 0)
            .GroupBy(r => r.Component, StringComparer.Ordinal)
            .ToDictionary(component => component.Key, component => (IReadOnlyList<LatencyHour>)component
                .GroupBy(r => r.Bucket)
                .OrderBy(hour => hour.Key)
                .Select(hour =>
                {
                    var merged = new LatencyHistogram();
                    foreach (var rollup in hour)
                    {
                        merged.Merge(LatencyHistogram.Deserialize(rollup.Histogram, rollup.LatencyMax));
                    }

                    return new LatencyHour(hour.Key, merged.Percentile(0.50), merged.Percentile(0.95), merged.Count);
                })
                .Where(hour => hour.Runs > 0)
                .ToList(), StringComparer.Ordinal);
        // Nothing yet (a fresh start): read again next time rather than show nothing for a minute.
        _last = hours.Count > 0 ? (now, hours) : null;
        return hours;
    }
}
