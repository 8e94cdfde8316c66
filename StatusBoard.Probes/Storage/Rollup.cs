using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Storage;

[JsonConverter(typeof(WireEnumConverter<RollupGrain>))]
public enum RollupGrain
{
    Minute,
    Hour,
    Day,
}

/// <summary>The results of one probe in one region over one minute, hour or day.</summary>
public sealed record Rollup
{
    public required RollupGrain Grain { get; init; }

    public required string Probe { get; init; }

    public required string Region { get; init; }

    public required string Component { get; init; }

    public required DateTimeOffset Bucket { get; init; }

    public long Total { get; init; }

    public long Up { get; init; }

    public long Degraded { get; init; }

    public long Down { get; init; }

    public double LatencySum { get; init; }

    public double LatencyMax { get; init; }

    public double P50Ms { get; init; }

    public double P95Ms { get; init; }

    public double P99Ms { get; init; }

    /// <summary>The latencies as <see cref="LatencyHistogram"/> text, to merge rollups into longer periods.</summary>
    public string Histogram { get; init; } = "";

    /// <summary>Failures by category (<c>network</c>, <c>server</c>, …).</summary>
    public IReadOnlyDictionary<string, long> Categories { get; init; } = new Dictionary<string, long>();

    /// <summary>Share of results that were not down.</summary>
    public double SuccessRate => Total == 0 ? 1 : (double)(Up + Degraded) / Total;

    public static DateTimeOffset BucketOf(DateTimeOffset time, RollupGrain grain)
    {
        var utc = time.ToUniversalTime();
        return grain switch
        {
            RollupGrain.Minute => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero),
            RollupGrain.Hour => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero),
            _ => new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero),
        };
    }
}
