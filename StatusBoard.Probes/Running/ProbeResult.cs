using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;

namespace StatusBoard.Probes.Running;

/// <summary>One execution of a probe in a region, classified, as stored and published.</summary>
public sealed record ProbeResult
{
    /// <summary>Unique per result, so that a result delivered twice is stored once.</summary>
    public required string Id { get; init; }

    public required string Probe { get; init; }

    public required string Component { get; init; }

    public required string Region { get; init; }

    public required string Agent { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double DurationMs { get; init; }

    public required Outcome Outcome { get; init; }

    public FailureCategory? Category { get; init; }

    public int? HttpStatus { get; init; }

    public string? ErrorCode { get; init; }

    public string Message { get; init; } = "";

    /// <summary>The row of the classification table that decided the outcome (<c>status</c>, <c>error-code</c>, <c>not-json</c>…).</summary>
    public string? Rule { get; init; }

    public int Attempts { get; init; } = 1;

    public IReadOnlyList<ConditionResult> Conditions { get; init; } = [];

    public TransportFailure Transport { get; init; }

    public TimingPhases? Phases { get; init; }

    /// <summary>When the server certificate expires, for probes that read one (tls). Not stored: a gauge for /metrics.</summary>
    public DateTimeOffset? CertificateExpiresAt { get; init; }

    /// <summary>The start of the response, secrets and card numbers masked.</summary>
    public string? Excerpt { get; init; }
}

/// <summary>Where the time of a request went, in milliseconds, where the transport tells.</summary>
public sealed record TimingPhases(double? DnsMs, double? ConnectMs, double? TlsMs, double? FirstByteMs);
