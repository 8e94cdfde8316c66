using StatusBoard.Probes.Conditions;

namespace StatusBoard.Probes.Definitions;

/// <summary>A validated, immutable probe: conditions parsed, durations read, templates checked.</summary>
public sealed record ProbeDefinition
{
    public required string Key { get; init; }

    public required string Name { get; init; }

    public required string Component { get; init; }

    public required ProbeKind Kind { get; init; }

    public required IReadOnlyList<string> Regions { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan Timeout { get; init; }

    public int Retries { get; init; }

    public TimeSpan? DegradedThreshold { get; init; }

    /// <summary>Up while the check fails, down when it passes (<see cref="ProbeDocument.Invert"/>).</summary>
    public bool Inverted { get; init; }

    /// <summary>The request of an <c>http</c> probe; journeys keep theirs in <see cref="Steps"/>.</summary>
    public HttpRequestTemplate? Request { get; init; }

    public JsonPath? ErrorCodePath { get; init; }

    public IReadOnlyList<Condition> Conditions { get; init; } = [];

    public IReadOnlyList<CategoryRule> CategoryRules { get; init; } = [];

    public IReadOnlyList<JourneyStep> Steps { get; init; } = [];

    /// <summary>The host:port of a tcp or tls probe, or the name of a dns probe.</summary>
    public string? Target { get; init; }

    public string? Send { get; init; }

    /// <summary>A or AAAA, for dns probes.</summary>
    public string RecordType { get; init; } = "A";

    /// <summary>For <c>dns</c>: the resolver to ask; null for the system's.</summary>
    public System.Net.IPEndPoint? Resolver { get; init; }

    /// <summary>The settings of the kind's own fields (<see cref="ProbeKind.OwnFields"/>), as its <see cref="ProbeKind.Parse"/> read them.</summary>
    public object? Settings { get; init; }

    /// <summary>Where the probe came from: configuration probes are read-only through the API.</summary>
    public DefinitionSource Source { get; init; } = DefinitionSource.Api;

    /// <summary>
    /// Why StatusBoard cannot run this probe here (a secret it refers to is not set), or null: a probe with a fault runs as
    /// an <c>error</c> result saying so, never as a request.
    /// </summary>
    public string? Fault { get; init; }

    /// <summary>The document it was read from, kept to answer the API in the same shape.</summary>
    public required ProbeDocument Document { get; init; }

    /// <summary>The longest a run may take: every attempt, and for journeys every step and poll.</summary>
    public TimeSpan RunDeadline => Kind.AttemptDeadline(this) * (Retries + 1);
}

public enum DefinitionSource
{
    Configuration,
    Api,
}
