namespace StatusBoard.Probes.Running;

/// <summary>
/// How late runs start: actual start (a concurrency slot taken) minus planned start, as a histogram with fixed
/// bounds. Counts only grow; readers take the difference of two snapshots for a window.
/// </summary>
public sealed class ScheduleLag
{
    /// <summary>Upper bounds of the buckets, in seconds.</summary>
    public static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly long[] _counts = new long[Buckets.Length + 1];
    private long _sumTicks;
    private long _maxTicks;

    /// <summary>An instrument that hears every lag too (the OTLP export's <c>statusboard.scheduler.lag</c>).</summary>
    public System.Diagnostics.Metrics.Histogram<double>? Mirror { get; set; }

    public void Record(TimeSpan lag)
    {
        var seconds = Math.Max(0, lag.TotalSeconds);
        Mirror?.Record(seconds);
        Interlocked.Increment(ref _counts[HistogramBuckets.IndexOf(Buckets, seconds)]);
        var ticks = Math.Max(0, lag.Ticks);
        Interlocked.Add(ref _sumTicks, ticks);
        for (var max = Interlocked.Read(ref _maxTicks); ticks > max; max = Interlocked.Read(ref _maxTicks))
        {
            if (Interlocked.CompareExchange(ref _maxTicks, ticks, max) == max)
            {
                break;
            }
        }
    }

    public ScheduleLagSnapshot Snapshot()
    {
        var counts = new long[_counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Interlocked.Read(ref _counts[i]);
        }

        return new ScheduleLagSnapshot(counts, TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks)), TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks)));
    }
}

/// <summary>Counts per bucket of <see cref="ScheduleLag.Buckets"/> plus +Inf (not cumulative), their sum, and the largest lag seen.</summary>
public sealed record ScheduleLagSnapshot(IReadOnlyList<long> BucketCounts, TimeSpan Sum, TimeSpan Max)
{
    public long Count => BucketCounts.Sum();
}
