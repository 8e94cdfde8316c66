using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Storage;

/// <summary>The rows of the results and rollups tables as read, and what one merge adds to a rollup.</summary>
public sealed partial class SqlResultStore
{
    /// <summary>What one merge adds to a rollup row: from raw results, or from an agent's summary.</summary>
    private sealed record Delta(string Probe, string Region, string Component, long Total, long Up, long Degraded, long Down, double LatencySum,
        LatencyHistogram Histogram, IReadOnlyDictionary<string, long> Categories)
    {
        public static Delta Of(IReadOnlyList<ProbeResult> results)
        {
            var (first, counts) = (results[0], RunCounts.Of(results));
            return new(first.Probe, first.Region, first.Component, results.Count, counts.Up, counts.Degraded, counts.Down, counts.LatencySum, counts.Histogram, counts.Categories);
        }

        /// <summary>Two deltas of the same row as one.</summary>
        public Delta Plus(Delta other)
        {
            var histogram = LatencyHistogram.Deserialize(null, 0);
            histogram.Merge(Histogram);
            histogram.Merge(other.Histogram);
            var categories = new Dictionary<string, long>(Categories);
            foreach (var (category, count) in other.Categories)
            {
                categories[category] = categories.GetValueOrDefault(category) + count;
            }

            return this with
            {
                Total = Total + other.Total, Up = Up + other.Up, Degraded = Degraded + other.Degraded, Down = Down + other.Down,
                LatencySum = LatencySum + other.LatencySum, Histogram = histogram, Categories = categories,
            };
        }

        public static Delta Of(ResultSummary summary) => new(summary.Probe, summary.Region, summary.Component, summary.Total, summary.Up, summary.Degraded,
            summary.Down, summary.LatencySum, LatencyHistogram.Deserialize(summary.Histogram, summary.LatencyMax), summary.Categories);
    }

    private sealed class ResultRow
    {
        public string Id { get; init; } = "";
        public string Probe { get; init; } = "";
        public string Component { get; init; } = "";
        public string Region { get; init; } = "";
        public string Agent { get; init; } = "";
        public long StartedAt { get; init; }
        public double DurationMs { get; init; }
        public string Outcome { get; init; } = "";
        public string? Category { get; init; }
        public long? HttpStatus { get; init; }
        public string? ErrorCode { get; init; }
        public string Message { get; init; } = "";
        public long Attempts { get; init; }
        public string Transport { get; init; } = "";
        public string Conditions { get; init; } = "[]";
        public string? Phases { get; init; }
        public string? Excerpt { get; init; }
        public string? Rule { get; init; }

        public ProbeResult ToResult() => new()
        {
            Id = Id,
            Probe = Probe,
            Component = Component,
            Region = Region,
            Agent = Agent,
            StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(StartedAt),
            DurationMs = DurationMs,
            Outcome = WireNames.Parse<Outcome>(Outcome),
            Category = Category is null ? null : WireNames.Parse<FailureCategory>(Category),
            HttpStatus = (int?)HttpStatus,
            ErrorCode = ErrorCode,
            Message = Message,
            Attempts = (int)Attempts,
            Transport = WireNames.Parse<TransportFailure>(Transport),
            Conditions = Json.Deserialize<List<ConditionResult>>(Conditions) ?? [],
            Phases = Phases is null ? null : Json.Deserialize<TimingPhases>(Phases),
            Excerpt = Excerpt,
            Rule = Rule,
        };
    }

    private sealed class RollupRow
    {
        public string Grain { get; init; } = "";
        public string Probe { get; init; } = "";
        public string Region { get; init; } = "";
        public long Bucket { get; init; }
        public string Component { get; init; } = "";
        public long Total { get; init; }
        public long Up { get; init; }
        public long Degraded { get; init; }
        public long Down { get; init; }
        public double LatencySum { get; init; }
        public double LatencyMax { get; init; }
        public double P50Ms { get; init; }
        public double P95Ms { get; init; }
        public double P99Ms { get; init; }
        public string Histogram { get; init; } = "";
        public string Categories { get; init; } = "{}";

        public Rollup ToRollup() => new()
        {
            Grain = WireNames.Parse<RollupGrain>(Grain),
            Probe = Probe,
            Region = Region,
            Component = Component,
            Bucket = DateTimeOffset.FromUnixTimeMilliseconds(Bucket),
            Total = Total,
            Up = Up,
            Degraded = Degraded,
            Down = Down,
            LatencySum = LatencySum,
            LatencyMax = LatencyMax,
            P50Ms = P50Ms,
            P95Ms = P95Ms,
            P99Ms = P99Ms,
            Histogram = Histogram,
            Categories = Json.Deserialize<Dictionary<string, long>>(Categories) ?? [],
        };
    }
}
