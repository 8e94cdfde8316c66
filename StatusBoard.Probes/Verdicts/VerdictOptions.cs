namespace StatusBoard.Probes.Verdicts;

/// <summary><c>StatusBoard:Verdict</c>.</summary>
public sealed class VerdictOptions
{
    /// <summary>The oldest app version the platform's API accepts, e.g. <c>5.2.0</c>; none when empty.</summary>
    public string? MinimumAppVersion { get; set; }
}
