namespace StatusBoard.Probes.Health;

/// <summary>How results become health (<c>StatusBoard:Health</c>).</summary>
public sealed class HealthOptions
{
    /// <summary>Failed runs in a row before a probe × region counts as failing.</summary>
    public int ConfirmationCount { get; set; } = 2;

    /// <summary>Good runs in a row before a failing probe × region counts as recovered.</summary>
    public int RecoveryCount { get; set; } = 2;

    /// <summary>The window of success rate and latency on the health API.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A region is blind when none of its probes reported for this many of their intervals (and at least a minute).</summary>
    public int BlindAfterIntervals { get; set; } = 3;
}
