namespace StatusBoard.Probes.Storage;

/// <summary>
/// Latencies counted in exponential buckets (each 15% wider than the last, 1 ms to 2 min), so that minute, hour and
/// day rollups can be merged and still give p50 / p95 / p99 within 15%. Stored as text: "index:count,…".
/// </summary>
public sealed class LatencyHistogram
{
    private const double Growth = 1.15;
    private static readonly int BucketCount = (int)Math.Ceiling(Math.Log(120_000) / Math.Log(Growth)) + 2;
    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public double Max { get; private set; }

    public void Add(double milliseconds, long count = 1)
    {
        _counts[IndexOf(milliseconds)] += count;
        Count += count;
        Max = Math.Max(Max, milliseconds);
    }

    /// <summary>The bucket a latency falls in (0 … <see cref="Buckets"/> − 1).</summary>
    public static int BucketOf(double milliseconds) => IndexOf(milliseconds);

    /// <summary>How many buckets there are.</summary>
    public static int Buckets => BucketCount;

    /// <summary>Adds <paramref name="count"/> latencies of bucket <paramref name="index"/>, the largest of them <paramref name="max"/>.</summary>
    public void AddBucket(int index, long count, double max)
    {
        _counts[index] += count;
        Count += count;
        Max = Math.Max(Max, max);
    }

    /// <summary>The buckets that hold anything, in order.</summary>
    public IEnumerable<(int Index, long Count)> NonEmpty()
    {
        for (var i = 0; i < BucketCount; i++)
        {
            if (_counts[i] > 0)
            {
                yield return (i, _counts[i]);
            }
        }
    }

    public void Merge(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The upper bound of the bucket holding the given quantile, never above the largest value seen.</summary>
    public double Percentile(double quantile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * Count);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
            {
                return Math.Round(Math.Min(UpperBound(i), Max), 1);
            }
        }

        return Max;
    }

    public string Serialize()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < BucketCount; i++)
        {
            if (_counts[i] > 0)
            {
                builder.Append(builder.Length == 0 ? "" : ",").Append(i).Append(':').Append(_counts[i]);
            }
        }

        return builder.ToString();
    }

    public static LatencyHistogram Deserialize(string? text, double max)
    {
        var histogram = new LatencyHistogram { Max = max };
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0
                && int.TryParse(part.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && long.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && index < BucketCount)
            {
                histogram._counts[index] += count;
                histogram.Count += count;
            }
        }

        return histogram;
    }

    private static int IndexOf(double milliseconds) =>
        milliseconds <= 1 ? 0 : Math.Min(BucketCount - 1, (int)Math.Ceiling(Math.Log(milliseconds) / Math.Log(Growth)));

    private static double UpperBound(int index) => Math.Pow(Growth, index);
}
