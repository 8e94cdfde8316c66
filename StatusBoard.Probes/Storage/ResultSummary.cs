using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Common;
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
        var histogram = new LatencyHistogram();
        foreach (var result in results)
        {
            histogram.Add(result.DurationMs);
        }

        return new ResultSummary
        {
            Id = id,
            Probe = results[0].Probe,
            Region = results[0].Region,
            Component = results[0].Component,
            Minute = Rollup.BucketOf(results[0].StartedAt, RollupGrain.Minute),
            Total = results.Count,
            Up = results.Count(r => r.Outcome == Outcome.Up),
            Degraded = results.Count(r => r.Outcome == Outcome.Degraded),
            Down = results.Count(r => r.Outcome == Outcome.Down),
            LatencySum = results.Sum(r => r.DurationMs),
            LatencyMax = histogram.Max,
            Histogram = histogram.Serialize(),
            Categories = results.Where(r => r.Category is not null).GroupBy(r => r.Category!.Value.ToWire()).ToDictionary(g => g.Key, g => (long)g.Count()),
        };
    }
}
