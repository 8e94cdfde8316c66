using StatusBoard.Probes.Classification;

namespace StatusBoard.Probes.Running;

/// <summary>One attempt at a probe: its evidence, and what the result shows of the response.</summary>
public sealed record Attempt(Evidence Evidence, TimingPhases? Phases, string? Excerpt)
{
    /// <summary>When the server certificate expires, where the probe read one.</summary>
    public DateTimeOffset? CertificateExpiresAt { get; init; }

    /// <summary>
    /// What is left to do once per run, after the last attempt (a journey's cleanup steps), giving the run's final
    /// attempt; null when nothing is.
    /// </summary>
    public Func<CancellationToken, Task<Attempt>>? Finish { get; init; }
}
