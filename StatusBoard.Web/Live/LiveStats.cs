using StatusBoard.Probes.Classification;
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
    private readonly Dictionary<(string Probe, string Region), Slot[]> _pairs = [];

    public void Add(ProbeResult result)
    {
        if (result.Outcome == Outcome.Error)
        {
            // StatusBoard's own error: no evidence of the platform's success rate, latency or failures.
            return;
        }

        lock (_gate)
        {
            // A result older than the hour the ring holds is too late to show.
            if (RingFor(result.Probe, result.Region, MinuteOf(result.StartedAt), out var index) is { } ring)
            {
                ring[index].Add(result.Outcome, result.DurationMs, result.Category);
            }
        }
    }

    public void Seed(IEnumerable<Rollup> minuteRollups)
    {
        lock (_gate)
        {
            foreach (var rollup in minuteRollups)
            {
                if (RingFor(rollup.Probe, rollup.Region, MinuteOf(rollup.Bucket), out var index) is { } ring)
                {
                    ring[index].Merge(rollup);
                }
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

            foreach (ref readonly var slot in slots.AsSpan())
            {
                var age = current - slot.Minute;
                if (slot.Total == 0 || age is < 0 or >= Minutes)
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
    public IReadOnlyDictionary<FailureCategory, long> CategoriesLastHour(DateTimeOffset now) =>
        CategoryTimeline(now).ToDictionary(pair => pair.Key, pair => pair.Value.Sum());

    /// <summary>
    /// Failures by category over the last hour across every pair, in <see cref="TimelineBuckets"/> buckets of
    /// <see cref="BucketMinutes"/> minutes, oldest first (the last bucket ends with the current minute).
    /// </summary>
    public IReadOnlyDictionary<FailureCategory, long[]> CategoryTimeline(DateTimeOffset now)
    {
        var current = MinuteOf(now);
        var timeline = new Dictionary<FailureCategory, long[]>();
        lock (_gate)
        {
            foreach (var slots in _pairs.Values)
            {
                foreach (ref readonly var slot in slots.AsSpan())
                {
                    var age = current - slot.Minute;
                    if (slot.Total > 0 && slot.Categories is { } categories && age is >= 0 and < Minutes)
                    {
                        var bucket = TimelineBuckets - 1 - (int)(age / BucketMinutes);
                        foreach (var (category, count) in categories)
                        {
                            if (!timeline.TryGetValue(category, out var counts))
                            {
                                timeline[category] = counts = new long[TimelineBuckets];
                            }

                            counts[bucket] += count;
                        }
                    }
                }
            }
        }

        return timeline;
    }

    public const int BucketMinutes = 5;

    public const int TimelineBuckets = Minutes / BucketMinutes;

    private static long MinuteOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 60;

    /// <summary>
    /// The pair's slot for a minute, emptied when it last held an older minute; null (nothing to add to) for a minute
    /// older than the hour the ring holds.
    /// </summary>
    private Slot[]? RingFor(string probe, string region, long minute, out int index)
    {
        if (!_pairs.TryGetValue((probe, region), out var slots))
        {
            // A pair's whole hour is allocated at its first result: memory does not grow as the hour fills.
            _pairs[(probe, region)] = slots = new Slot[Minutes];
        }

        index = (int)(minute % Minutes);
        ref var slot = ref slots[index];
        if (slot.Minute != minute)
        {
            if (slot.Minute > minute)
            {
                return null;
            }

            slot = new Slot { Minute = (int)minute };
        }

        return slots;
    }

    /// <summary>
    /// One pair's minute, kept small and inline in the pair's ring (60 per pair; 600,000 at 10,000 pairs): the few
    /// latency buckets a minute fills (bucket index and count packed in one <see cref="uint"/>, two inline and more in
    /// an array only when needed), and categories only once something failed.
    /// </summary>
    private struct Slot
    {
        private const int CountBits = 24;
        private const uint CountMask = (1u << CountBits) - 1;

        public Dictionary<FailureCategory, long>? Categories;
        private uint[]? _more;
        public double LatencySum;
        public int Minute;
        public int Total;
        public int Down;
        private float _max;
        private uint _first;
        private uint _second;
        private byte _cells;

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
            Total += (int)rollup.Total;
            Down += (int)rollup.Down;
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

        public readonly void AddLatenciesTo(LatencyHistogram histogram)
        {
            for (var i = 0; i < _cells; i++)
            {
                var cell = Cell(i);
                histogram.AddBucket((int)(cell >> CountBits), cell & CountMask, _max);
            }
        }

        private readonly uint Cell(int i) => i switch { 0 => _first, 1 => _second, _ => _more![i - 2] };

        private void SetCell(int i, uint value)
        {
            switch (i)
            {
                case 0: _first = value; break;
                case 1: _second = value; break;
                default: _more![i - 2] = value; break;
            }
        }

        private void AddLatency(int bucket, long count, double max)
        {
            _max = Math.Max(_max, (float)max);
            for (var i = 0; i < _cells; i++)
            {
                var cell = Cell(i);
                if (cell >> CountBits == bucket)
                {
                    SetCell(i, ((uint)bucket << CountBits) | (uint)Math.Min(CountMask, (cell & CountMask) + count));
                    return;
                }
            }

            if (_cells >= 2 && (_more is null || _cells - 2 == _more.Length))
            {
                Array.Resize(ref _more, _more is null ? 2 : _more.Length * 2);
            }

            SetCell(_cells++, ((uint)bucket << CountBits) | (uint)Math.Min(CountMask, count));
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
