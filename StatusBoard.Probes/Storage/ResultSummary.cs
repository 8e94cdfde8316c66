using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Storage;

/// <summary>
/// Results of one probe in one region and minute, summed: what a remote agent keeps of its oldest results when it has
/// held more than it may while the server was away. Merged into the minute, hour and day rollups once (by
/// <see cref="Id"/>); raw rows and live health never see them.
/// </summary>
public sealed record ResultSummary
{
    public string Id { get; init; } = "";

    public string Probe { get; init; } = "";

    public string Region { get; init; } = "";

    public string Component { get; init; } = "";

    /// <summary>The minute the results started in (UTC, on the minute).</summary>
    public DateTimeOffset Minute { get; init; }

    public long Total { get; init; }

    public long Up { get; init; }

    public long Degraded { get; init; }

    public long Down { get; init; }

    public double LatencySum { get; init; }

    public double LatencyMax { get; init; }

    /// <summary>The durations as a <see cref="LatencyHistogram"/> (its serialized form).</summary>
    public string Histogram { get; init; } = "";

    /// <summary>Failed and degraded runs per failure category.</summary>
    public Dictionary<string, long> Categories { get; init; } = [];

    /// <summary>Sums results of one probe, region and minute.</summary>
    public static ResultSummary Of(string id, IReadOnlyList<ProbeResult> results)
    {
        var counts = RunCounts.Of(results);
        return new ResultSummary
        {
            Id = id,
            Probe = results[0].Probe,
            Region = results[0].Region,
            Component = results[0].Component,
            Minute = Rollup.BucketOf(results[0].StartedAt, RollupGrain.Minute),
            Total = results.Count,
            Up = counts.Up,
            Degraded = counts.Degraded,
            Down = counts.Down,
            LatencySum = counts.LatencySum,
            LatencyMax = counts.Histogram.Max,
            Histogram = counts.Histogram.Serialize(),
            Categories = counts.Categories,
        };
    }
}

/// <summary>What a run of results adds up to: outcomes, latencies and failure categories.</summary>
internal sealed record RunCounts(long Up, long Degraded, long Down, double LatencySum, LatencyHistogram Histogram, Dictionary<string, long> Categories)
{
    public static RunCounts Of(IReadOnlyList<ProbeResult> results)
    {
        var histogram = new LatencyHistogram();
        var categories = new Dictionary<string, long>();
        long up = 0, degraded = 0, down = 0;
        double latencySum = 0;
        foreach (var result in results)
        {
            histogram.Add(result.DurationMs);
            latencySum += result.DurationMs;
            (up, degraded, down) = result.Outcome switch
            {
                Outcome.Up => (up + 1, degraded, down),
                Outcome.Degraded => (up, degraded + 1, down),
                _ => (up, degraded, down + 1),
            };
            if (result.Category is { } category)
            {
                categories[category.ToWire()] = categories.GetValueOrDefault(category.ToWire()) + 1;
            }
        }

        return new RunCounts(up, degraded, down, latencySum, histogram, categories);
    }
}
