namespace StatusBoard.Probes.Classification;

/// <summary>What classification decided: the outcome, the category when it is not up, and one line saying why.</summary>
public sealed record Verdict(Outcome Outcome, FailureCategory? Category, string Message)
{
    public static Verdict Up { get; } = new(Outcome.Up, null, "ok");
}
