namespace StatusBoard.Probes.Classification;

/// <summary>
/// What classification decided: the outcome, the category when it is not up, one line saying why, and the row of the
/// classification table that decided it (<see cref="Rule"/>: <c>status</c>, <c>error-code</c>, <c>not-json</c>…).
/// </summary>
public sealed record Finding(Outcome Outcome, FailureCategory? Category, string Message, string Rule)
{
    public static Finding Up { get; } = new(Outcome.Up, null, "ok", "ok");
}
