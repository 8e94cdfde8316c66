using System.Text.Json.Serialization;

namespace StatusBoard.Web.Api.Statuspage;

// The Statuspage v2 format, field for field (see shared/reference/statuspage-v2): names, nesting and nulls are
// what existing consumers read, so nulls are written, not left out.

public sealed record SpPage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("time_zone")] string TimeZone,
    [property: JsonPropertyName("updated_at")] string UpdatedAt);

public sealed record SpStatus(
    [property: JsonPropertyName("indicator")] string Indicator,
    [property: JsonPropertyName("description")] string Description);

public sealed record SpComponent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("updated_at")] string UpdatedAt,
    [property: JsonPropertyName("position")] int Position,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("showcase")] bool Showcase,
    [property: JsonPropertyName("start_date")] string? StartDate,
    [property: JsonPropertyName("group_id")] string? GroupId,
    [property: JsonPropertyName("page_id")] string PageId,
    [property: JsonPropertyName("group")] bool Group,
    [property: JsonPropertyName("only_show_if_degraded")] bool OnlyShowIfDegraded)
{
    /// <summary>A group's members (only a group has the field, as on Statuspage).</summary>
    [JsonPropertyName("components")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Components { get; init; }
}

public sealed record SpAffectedComponent(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("old_status")] string OldStatus,
    [property: JsonPropertyName("new_status")] string NewStatus);

public sealed record SpIncidentUpdate(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("incident_id")] string IncidentId,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("updated_at")] string UpdatedAt,
    [property: JsonPropertyName("display_at")] string DisplayAt,
    [property: JsonPropertyName("affected_components")] IReadOnlyList<SpAffectedComponent>? AffectedComponents,
    [property: JsonPropertyName("deliver_notifications")] bool DeliverNotifications,
    [property: JsonPropertyName("custom_tweet")] string? CustomTweet,
    [property: JsonPropertyName("tweet_id")] string? TweetId);

/// <summary>An incident; a scheduled maintenance is the same with <c>scheduled_for</c> and <c>scheduled_until</c>.</summary>
public sealed record SpIncident(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("updated_at")] string UpdatedAt,
    [property: JsonPropertyName("monitoring_at")] string? MonitoringAt,
    [property: JsonPropertyName("resolved_at")] string? ResolvedAt,
    [property: JsonPropertyName("impact")] string Impact,
    [property: JsonPropertyName("shortlink")] string Shortlink,
    [property: JsonPropertyName("started_at")] string StartedAt,
    [property: JsonPropertyName("page_id")] string PageId,
    [property: JsonPropertyName("incident_updates")] IReadOnlyList<SpIncidentUpdate> IncidentUpdates,
    [property: JsonPropertyName("components")] IReadOnlyList<SpComponent> Components)
{
    [JsonPropertyName("scheduled_for")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ScheduledFor { get; init; }

    [JsonPropertyName("scheduled_until")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ScheduledUntil { get; init; }
}

public sealed record SpSummary(
    [property: JsonPropertyName("page")] SpPage Page,
    [property: JsonPropertyName("components")] IReadOnlyList<SpComponent> Components,
    [property: JsonPropertyName("incidents")] IReadOnlyList<SpIncident> Incidents,
    [property: JsonPropertyName("scheduled_maintenances")] IReadOnlyList<SpIncident> ScheduledMaintenances,
    [property: JsonPropertyName("status")] SpStatus Status);

public sealed record SpPageStatus(
    [property: JsonPropertyName("page")] SpPage Page,
    [property: JsonPropertyName("status")] SpStatus Status);

public sealed record SpComponents(
    [property: JsonPropertyName("page")] SpPage Page,
    [property: JsonPropertyName("components")] IReadOnlyList<SpComponent> Components);

public sealed record SpIncidents(
    [property: JsonPropertyName("page")] SpPage Page,
    [property: JsonPropertyName("incidents")] IReadOnlyList<SpIncident> Incidents);

public sealed record SpMaintenances(
    [property: JsonPropertyName("page")] SpPage Page,
    [property: JsonPropertyName("scheduled_maintenances")] IReadOnlyList<SpIncident> ScheduledMaintenances);
