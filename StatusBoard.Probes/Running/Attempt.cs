using StatusBoard.Probes.Classification;

namespace StatusBoard.Probes.Running;

/// <summary>One attempt at a probe: its evidence, and what the result shows of the response.</summary>
public sealed record Attempt(Evidence Evidence, TimingPhases? Phases, string? Excerpt)
{
    /// <summary>When the server certificate expires, where the probe read one.</summary>
    public DateTimeOffset? CertificateExpiresAt { get; init; }
}
