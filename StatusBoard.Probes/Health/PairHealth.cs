using StatusBoard.Probes.Classification;

namespace StatusBoard.Probes.Health;

/// <summary>The confirmed state of one probe × region and its recent results, as health reads it.</summary>
public sealed record PairHealth(
    string Probe,
    string Region,
    Outcome State,
    DateTimeOffset LastResultAt,
    FailureCategory? LastCategory,
    IReadOnlyList<RecentResult> Recent)
{
    /// <summary>The start of the first failed result of the current failure streak, while the pair is failing.</summary>
    public DateTimeOffset? FailingSince { get; init; }
}

/// <summary>What health keeps of a result within its window.</summary>
public readonly record struct RecentResult(DateTimeOffset At, Outcome Outcome, double DurationMs);
