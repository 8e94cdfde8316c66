using System.Text.Json.Serialization;
using StatusBoard.Probes.Health;

namespace StatusBoard.Probes.Incidents;

[JsonConverter(typeof(WireEnumConverter<IncidentStatus>))]
public enum IncidentStatus
{
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

[JsonConverter(typeof(WireEnumConverter<Impact>))]
public enum Impact
{
    None,
    Minor,
    Major,
    Critical,
}

/// <summary>A component's status as an incident records it.</summary>
public sealed record AffectedComponent(string Key, string Name, HealthStatus Status);

/// <summary>A public update, or an internal note, on an incident's timeline.</summary>
public sealed record IncidentUpdate(string Id, IncidentStatus Status, string Body, DateTimeOffset CreatedAt, bool Public = true)
{
    /// <summary>The body as written in each language; none: <see cref="Body"/> in both.</summary>
    public LocalText? Bodies { get; init; }

    [JsonIgnore]
    public LocalText BodyText => Bodies ?? LocalText.Both(Body);

    public IReadOnlyList<AffectedComponent> Components { get; init; } = [];

    /// <summary>Who wrote it; null for StatusBoard's own updates.</summary>
    public string? Author { get; init; }

    /// <summary>On StatusBoard's own updates: what was failing where when it was posted, for pages to word in their language.</summary>
    public IReadOnlyList<FailingGroup> Failing { get; init; } = [];
}

/// <summary>Components failing in the same regions (or everywhere), slow only or not.</summary>
public sealed record FailingGroup(IReadOnlyList<string> Components, IReadOnlyList<string> Regions, bool Everywhere, bool Slow);

/// <summary>
/// Something that went wrong for users: opened by StatusBoard when a component stays out of <c>operational</c> past the
/// confirmation period, or by a person. Its timeline keeps the times MTTD, MTTA and MTTR are computed from.
/// </summary>
public sealed record Incident
{
    public required string Id { get; init; }

    /// <summary>The title in English, or as written when there is no English (<see cref="LocalText.Primary"/>).</summary>
    public required string Title { get; init; }

    /// <summary>The title as written in each language; none: <see cref="Title"/> in both.</summary>
    public LocalText? Titles { get; init; }

    [JsonIgnore]
    public LocalText TitleText => Titles ?? LocalText.Both(Title);

    public required IncidentStatus Status { get; init; }

    public required Impact Impact { get; init; }

    public required Scope Scope { get; init; }

    /// <summary>Every region it has failed in (the worst point reached: recovery never narrows it).</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    /// <summary>The regions failing at the last evaluation.</summary>
    public IReadOnlyList<string> CurrentRegions { get; init; } = [];

    /// <summary>The components StatusBoard found failing in this incident, in the order they joined (automatic incidents).</summary>
    public IReadOnlyList<string> Detected { get; init; } = [];

    /// <summary><see cref="Detected"/>, or for an incident stored before it was kept, its first component.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> DetectedKeys => Detected.Count > 0 ? Detected : Automatic && Components.Count > 0 ? [Components[0].Key] : [];

    /// <summary>Only ever slower than its threshold, never failing: its title says slow.</summary>
    public bool SlowOnly { get; init; }

    /// <summary>What StatusBoard last said is failing where; an update is posted only when it changes.</summary>
    public string Summary { get; init; } = "";

    public required IReadOnlyList<AffectedComponent> Components { get; init; }

    /// <summary>Failed results by category since the start.</summary>
    public IReadOnlyDictionary<string, long> Categories { get; init; } = new Dictionary<string, long>();

    /// <summary>The first failing result.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When StatusBoard (or a person) opened it.</summary>
    public required DateTimeOffset DetectedAt { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? AcknowledgedBy { get; init; }

    /// <summary>What happened, why, and what will change: Markdown, written after the fact.</summary>
    public string? Postmortem { get; init; }

    /// <summary>The postmortem as written in each language; none: <see cref="Postmortem"/> in both.</summary>
    public LocalText? Postmortems { get; init; }

    [JsonIgnore]
    public LocalText? PostmortemText => Postmortems ?? (Postmortem is { Length: > 0 } text ? LocalText.Both(text) : null);

    public DateTimeOffset? PostmortemAt { get; init; }

    /// <summary>An automatic incident a person judged not real: kept in history, left out of uptime and SLOs.</summary>
    public bool FalseAlarm { get; init; }

    public DateTimeOffset? MonitoringAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool Automatic { get; init; } = true;

    public IReadOnlyList<IncidentUpdate> Updates { get; init; } = [];

    public bool IsOpen => Status != IncidentStatus.Resolved;
}
