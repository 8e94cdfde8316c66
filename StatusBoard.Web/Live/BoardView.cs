using System.Text.Json.Serialization;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Health;

namespace StatusBoard.Web.Live;

/// <summary>What the dashboard shows at one moment: records of values, so that unchanged cells compare equal and skip rendering.</summary>
public sealed record BoardView(
    DateTimeOffset At,
    IReadOnlyList<string> Regions,
    IReadOnlyList<ComponentHealth> Components,
    IReadOnlyList<ComponentGroup> Groups,
    IReadOnlyList<CategoryCount> Categories)
{
    public static readonly BoardView Empty = new(DateTimeOffset.MinValue, [], [], [], []);

    public int ProbeCount => Groups.Sum(g => g.Probes.Count);
}

public sealed record ComponentGroup(string Key, string Name, HealthStatus Status, Scope Scope, IReadOnlyList<ProbeRow> Probes);

/// <summary>One probe's row: a cell per board region, null where the probe does not run there.</summary>
public sealed record ProbeRow(string Key, string Name, string Kind, bool Paused, IReadOnlyList<CellView?> Cells);

/// <summary>One probe × region. <see cref="Sparkline"/> is SVG polyline points over the last hour, empty when nothing ran.</summary>
public sealed record CellView(
    string Probe,
    string Region,
    CellStatus Status,
    double? SuccessRate5m,
    double? SuccessRate1h,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    string Sparkline,
    FailureCategory? Category,
    DateTimeOffset? LastResultAt)
{
    /// <summary>The results the status stands on, in words: "2 ok in a row", "1 of 2 failed to confirm", "recovering: 1 of 2 ok".</summary>
    public string Basis { get; init; } = "";
}

/// <summary>A category's failures over the last hour, and per <see cref="LiveStats.BucketMinutes"/> minutes, oldest first.</summary>
public sealed record CategoryCount(FailureCategory Category, long Count, IReadOnlyList<long> Buckets);

[JsonConverter(typeof(WireEnumConverter<CellStatus>))]
public enum CellStatus
{
    Up,

    /// <summary>The newest result failed; not yet confirmed by the next ones.</summary>
    Failing,
    Degraded,
    Down,
    Paused,
    Blind,

    /// <summary>StatusBoard cannot run the probe here (refused destination, unset secret…): the probe's fault, with what to fix.</summary>
    Error,
}
