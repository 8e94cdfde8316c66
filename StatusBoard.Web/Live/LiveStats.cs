using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Live;

/// <summary>
/// The last hour of every probe × region in one-minute slots (counts, latency histogram, categories), kept in memory
/// so that the dashboard reads success rates, percentiles and sparklines without touching the database.
/// Seeded from the minute rollups at start.
/// </summary>
public sealed class LiveStats
{
    public const int Minutes = 60;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Probe, string Region), Slot?[]> _pairs = [];

    public void Add(ProbeResult result)
    {
        if (result.Outcome == Outcome.Error)
        {
            // StatusBoard's own error: no evidence of the platform's success rate, latency or failures.
            return;
        }

        lock (_gate)
        {
            var slot = SlotFor(result.Probe, result.Region, MinuteOf(result.StartedAt));
            slot.Add(result.Outcome, result.DurationMs, result.Category);
        }
    }

    public void Seed(IEnumerable<Rollup> minuteRollups)
    {
        lock (_gate)
        {
            foreach (var rollup in minuteRollups)
            {
                SlotFor(rollup.Probe, rollup.Region, MinuteOf(rollup.Bucket)).Merge(rollup);
            }
        }
    }

    /// <summary>One pair's figures at <paramref name="now"/>; rates are null when nothing ran in the period.</summary>
    public PairStats Read(string probe, string region, DateTimeOffset now)
    {
        var current = MinuteOf(now);
        var latency = new LatencyHistogram();
        var categories = new Dictionary<FailureCategory, long>();
        var sparkline = new double?[Minutes];
        long total5 = 0, ok5 = 0, total60 = 0, ok60 = 0;
        lock (_gate)
        {
            if (!_pairs.TryGetValue((probe, region), out var slots))
            {
                return PairStats.Empty;
            }

            foreach (var slot in slots)
            {
                var age = current - (slot?.Minute ?? long.MinValue / 2);
                if (slot is null || slot.Total == 0 || age is < 0 or >= Minutes)
                {
                    continue;
                }

                total60 += slot.Total;
                ok60 += slot.Total - slot.Down;
                if (age < 5)
                {
                    total5 += slot.Total;
                    ok5 += slot.Total - slot.Down;
                }

                slot.AddLatenciesTo(latency);
                sparkline[Minutes - 1 - age] = slot.LatencySum / slot.Total;
                foreach (var (category, count) in slot.Categories ?? [])
                {
                    categories[category] = categories.GetValueOrDefault(category) + count;
                }
            }
        }

        return new PairStats(
            total5 == 0 ? null : (double)ok5 / total5,
            total60 == 0 ? null : (double)ok60 / total60,
            latency.Count == 0 ? null : latency.Percentile(0.50),
            latency.Count == 0 ? null : latency.Percentile(0.95),
            latency.Count == 0 ? null : latency.Percentile(0.99),
            sparkline,
            categories.Count == 0 ? null : categories.MaxBy(pair => pair.Value).Key,
            categories);
    }

    /// <summary>Failures by category over the last hour, across every pair.</summary>
    public IReadOnlyDictionary<FailureCategory, long> CategoriesLastHour(DateTimeOffset now)
    {
        var current = MinuteOf(now);
        var totals = new Dictionary<FailureCategory, long>();
        lock (_gate)
        {
            foreach (var slot in _pairs.Values.SelectMany(slots => slots).OfType<Slot>())
            {
                if (slot.Total > 0 && current - slot.Minute is >= 0 and < Minutes)
                {
                    foreach (var (category, count) in slot.Categories ?? [])
                    {
                        totals[category] = totals.GetValueOrDefault(category) + count;
                    }
                }
            }
        }

        return totals;
    }

    private static long MinuteOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 60;

    private Slot SlotFor(string probe, string region, long minute)
    {
        if (!_pairs.TryGetValue((probe, region), out var slots))
        {
            _pairs[(probe, region)] = slots = new Slot?[Minutes];
        }

        var index = (int)(minute % Minutes);
        var slot = slots[index];
        if (slot is null || slot.Minute != minute)
        {
            if (slot is not null && slot.Minute > minute)
            {
                // A result older than the hour the ring holds: too late to show.
                return new Slot(minute);
            }

            slots[index] = slot = new Slot(minute);
        }

        return slot;
    }

    /// <summary>
    /// One pair's minute, kept small: an hour of every pair is 60 of these each (10,000 pairs, 600,000), so latencies
    /// are the few buckets a minute fills (bucket index and count packed in one <see cref="uint"/>), not a whole
    /// histogram, and categories exist only once something failed.
    /// </summary>
    private sealed class Slot(long minute)
    {
        private const int CountBits = 24;
        private const uint CountMask = (1u << CountBits) - 1;
        private uint[]? _latencies;
        private int _cells;
        private double _max;

        public long Minute { get; } = minute;

        public long Total { get; private set; }

        public long Down { get; private set; }

        public double LatencySum { get; private set; }

        public Dictionary<FailureCategory, long>? Categories { get; private set; }

        public void Add(Outcome outcome, double durationMs, FailureCategory? category)
        {
            Total++;
            LatencySum += durationMs;
            AddLatency(LatencyHistogram.BucketOf(durationMs), 1, durationMs);
            if (outcome == Outcome.Down)
            {
                Down++;
            }

            if (category is { } known && outcome != Outcome.Up)
            {
                Categories ??= [];
                Categories[known] = Categories.GetValueOrDefault(known) + 1;
            }
        }

        public void Merge(Rollup rollup)
        {
            Total += rollup.Total;
            Down += rollup.Down;
            LatencySum += rollup.LatencySum;
            foreach (var (index, count) in LatencyHistogram.Deserialize(rollup.Histogram, rollup.LatencyMax).NonEmpty())
            {
                AddLatency(index, count, rollup.LatencyMax);
            }

            foreach (var (name, count) in rollup.Categories)
            {
                if (WireNames.TryParse<FailureCategory>(name, out var category))
                {
                    Categories ??= [];
                    Categories[category] = Categories.GetValueOrDefault(category) + count;
                }
            }
        }

        public void AddLatenciesTo(LatencyHistogram histogram)
        {
            for (var i = 0; i < _cells; i++)
            {
                histogram.AddBucket((int)(_latencies![i] >> CountBits), _latencies[i] & CountMask, _max);
            }
        }

        private void AddLatency(int bucket, long count, double max)
        {
            _max = Math.Max(_max, max);
            for (var i = 0; i < _cells; i++)
            {
                if (_latencies![i] >> CountBits == bucket)
                {
                    _latencies[i] = ((uint)bucket << CountBits) | (uint)Math.Min(CountMask, (_latencies[i] & CountMask) + count);
                    return;
                }
            }

            if (_latencies is null || _cells == _latencies.Length)
            {
                Array.Resize(ref _latencies, _latencies is null ? 2 : _latencies.Length * 2);
            }

            _latencies[_cells++] = ((uint)bucket << CountBits) | (uint)Math.Min(CountMask, count);
        }
    }
}

/// <summary>A probe × region over the last 5 minutes and hour. Sparkline: mean latency per minute, oldest first, null where nothing ran.</summary>
public sealed record PairStats(
    double? SuccessRate5m,
    double? SuccessRate1h,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    IReadOnlyList<double?> Sparkline,
    FailureCategory? DominantCategory,
    IReadOnlyDictionary<FailureCategory, long> Categories)
{
    public static readonly PairStats Empty = new(null, null, null, null, null, new double?[LiveStats.Minutes], null, new Dictionary<FailureCategory, long>());
}
