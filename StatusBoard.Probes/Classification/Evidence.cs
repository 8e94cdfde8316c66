using StatusBoard.Probes.Conditions;

namespace StatusBoard.Probes.Classification;

/// <summary>Everything a run observed that classification may read. Nothing here comes from the probe's name.</summary>
public sealed record Evidence
{
    public TransportFailure Transport { get; init; }

    /// <summary>What the transport said, e.g. "Connection refused (127.0.0.1:9)".</summary>
    public string? TransportDetail { get; init; }

    public int? HttpStatus { get; init; }

    public string? ErrorCode { get; init; }

    public IReadOnlyList<ConditionResult> Conditions { get; init; } = [];

    public TimeSpan Duration { get; init; }

    /// <summary>A journey's poll did not see its condition before the deadline.</summary>
    public bool PollDeadlinePassed { get; init; }

    /// <summary>The journey step the evidence comes from, when it is a journey.</summary>
    public string? Step { get; init; }
}
