namespace StatusBoard.Probes.Conditions;

/// <summary>
/// How one condition fared. <see cref="Display"/> shows the actual value when it failed: <c>[STATUS] (503) == 200</c>.
/// </summary>
public sealed record ConditionResult(string Condition, bool Success, string Display)
{
    public ConditionSubject Subject { get; init; }

    /// <summary>The value read from the response, or null when it was missing.</summary>
    public string? Actual { get; init; }

    /// <summary>The value the condition reads was not in the response at all.</summary>
    public bool Missing { get; init; }
}
