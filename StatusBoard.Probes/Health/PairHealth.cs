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

    /// <summary>The outcome of the newest result, confirmed or not.</summary>
    public Outcome LastOutcome { get; init; } = Outcome.Up;

    /// <summary>Results in a row that ended as the newest did: what the confirmed state was decided on.</summary>
    public int InRow { get; init; }

    /// <summary>The newest result failed but the pair is not yet confirmed as failing.</summary>
    public bool Unconfirmed => State == Outcome.Up && LastOutcome == Outcome.Down;

    /// <summary>Set while the newest results are StatusBoard's own errors (it could not run the probe), with why.</summary>
    public ProbeError? Error { get; init; }

    /// <summary>Whether the pair has any evidence about the platform; one that has only errored has none.</summary>
    public bool HasResults => LastResultAt != default;
}

/// <summary>StatusBoard could not run a probe: since when, the newest such result, and why (with what to fix).</summary>
public sealed record ProbeError(DateTimeOffset At, string Message, DateTimeOffset Since);

/// <summary>
/// What health keeps of a result within its window, in 16 bytes (every pair keeps its last minutes of these): the
/// time to the millisecond, as stored, and the duration as a float.
/// </summary>
public readonly record struct RecentResult
{
    private readonly long _atMs;
    private readonly float _durationMs;

    public RecentResult(DateTimeOffset at, Outcome outcome, double durationMs)
    {
        _atMs = at.ToUnixTimeMilliseconds();
        Outcome = outcome;
        _durationMs = (float)durationMs;
    }

    public DateTimeOffset At => DateTimeOffset.FromUnixTimeMilliseconds(_atMs);

    public Outcome Outcome { get; }

    public double DurationMs => _durationMs;
}
