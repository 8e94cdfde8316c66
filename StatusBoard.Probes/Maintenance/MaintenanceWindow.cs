using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Maintenance;

[JsonConverter(typeof(JsonStringEnumConverter<MaintenanceStatus>))]
public enum MaintenanceStatus
{
    [JsonStringEnumMemberName("scheduled")] Scheduled,
    [JsonStringEnumMemberName("in_progress")] InProgress,
    [JsonStringEnumMemberName("verifying")] Verifying,
    [JsonStringEnumMemberName("completed")] Completed,
}

/// <summary>Planned work on some components, announced on the public page; it suppresses incidents while it runs.</summary>
public sealed record MaintenanceWindow
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public string? Message { get; init; }

    public required IReadOnlyList<string> Components { get; init; }

    public required DateTimeOffset StartsAt { get; init; }

    public required DateTimeOffset EndsAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Where the window stands at a given time: before, during, or after it.</summary>
    public MaintenanceStatus StatusAt(DateTimeOffset now) =>
        now < StartsAt ? MaintenanceStatus.Scheduled : now < EndsAt ? MaintenanceStatus.InProgress : MaintenanceStatus.Completed;

    public bool Covers(string component, DateTimeOffset now) => StatusAt(now) == MaintenanceStatus.InProgress && Components.Contains(component);
}
