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

    /// <summary>
    /// The status the protocol itself answered, for kinds that are not plain HTTP (gRPC's <c>NOT_SERVING</c>,
    /// <c>UNAVAILABLE</c>…): what a failed run's message names in place of an HTTP status.
    /// </summary>
    public string? ProtocolStatus { get; init; }

    /// <summary>The category <see cref="ProtocolStatus"/> means when the run fails, as the kind reads its protocol.</summary>
    public FailureCategory? ProtocolCategory { get; init; }

    public IReadOnlyList<ConditionResult> Conditions { get; init; } = [];

    public TimeSpan Duration { get; init; }

    /// <summary>A journey's poll did not see its condition before the deadline.</summary>
    public bool PollDeadlinePassed { get; init; }

    /// <summary>The journey step the evidence comes from, when it is a journey.</summary>
    public string? Step { get; init; }

    /// <summary>What the answer's body was, for an HTTP answer: JSON, something else, or nothing.</summary>
    public BodyShape Body { get; init; }

    /// <summary>The body was longer than StatusBoard reads (<c>StatusBoard:Probes:Http:MaxBodyBytes</c>) and was cut there.</summary>
    public bool CutAtCap { get; init; }

    /// <summary>Where a 3xx answer sent the probe (its <c>Location</c>).</summary>
    public string? Location { get; init; }

    /// <summary>What showed the answer to be a WAF or bot challenge (a header, a marker in the page), if it was one.</summary>
    public string? Challenge { get; init; }

    /// <summary>Why StatusBoard itself could not run the probe, when it could not: the result is an error, not evidence.</summary>
    public string? Fault { get; init; }
}

/// <summary>The shape of an HTTP answer's body, as far as JSON conditions care.</summary>
public enum BodyShape
{
    /// <summary>Not an HTTP answer (tcp, tls, dns), or no answer.</summary>
    None,
    Json,
    Empty,

    /// <summary>A body that is not JSON: an HTML error page, plain text, truncated JSON.</summary>
    NotJson,
}
