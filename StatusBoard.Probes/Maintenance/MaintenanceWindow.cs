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

[JsonConverter(typeof(JsonStringEnumConverter<Recurrence>))]
public enum Recurrence
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("daily")] Daily,
    [JsonStringEnumMemberName("weekly")] Weekly,
}

/// <summary>
/// Planned work on some components, announced on the public page; it suppresses incidents while it runs. A recurring
/// window repeats daily or weekly from its first occurrence, with the same length, until <see cref="Until"/>.
/// </summary>
public sealed record MaintenanceWindow
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public string? Message { get; init; }

    public required IReadOnlyList<string> Components { get; init; }

    public required DateTimeOffset StartsAt { get; init; }

    public required DateTimeOffset EndsAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public Recurrence Recurrence { get; init; }

    /// <summary>No occurrence of a recurring window starts after this; none means it repeats for ever.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The occurrence in progress at a time, or else the next one; null when none is left.</summary>
    public (DateTimeOffset Start, DateTimeOffset End)? OccurrenceAt(DateTimeOffset now)
    {
        var length = EndsAt - StartsAt;
        if (Recurrence == Recurrence.None || now < StartsAt)
        {
            return now < EndsAt ? (StartsAt, EndsAt) : null;
        }

        var period = Recurrence == Recurrence.Daily ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7);
        var start = StartsAt + TimeSpan.FromTicks(period.Ticks * ((now - StartsAt).Ticks / period.Ticks));
        if (now >= start + length)
        {
            start += period;
        }

        return Until is { } until && start > until ? null : (start, start + length);
    }

    /// <summary>Where the window stands at a given time: before, during, or after it (or between occurrences).</summary>
    public MaintenanceStatus StatusAt(DateTimeOffset now) => OccurrenceAt(now) switch
    {
        null => MaintenanceStatus.Completed,
        var (start, _) when now < start => MaintenanceStatus.Scheduled,
        _ => MaintenanceStatus.InProgress,
    };

    public bool Covers(string component, DateTimeOffset now) => StatusAt(now) == MaintenanceStatus.InProgress && Components.Contains(component);
}
