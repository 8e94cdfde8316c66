using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;

namespace StatusBoard.Probes.Running;

/// <summary>What one HTTP request produced: a response read up to the cap, or how the transport failed.</summary>
public sealed record Exchange
{
    public ResponseSnapshot? Response { get; init; }

    public TransportFailure Transport { get; init; }

    public string? TransportDetail { get; init; }

    public TimingPhases? Phases { get; init; }

    public TimeSpan Elapsed { get; init; }

    public long BytesRead { get; init; }

    /// <summary>The body was longer than the cap and was not read to the end.</summary>
    public bool Truncated { get; init; }
}
