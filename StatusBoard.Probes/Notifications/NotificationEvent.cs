namespace StatusBoard.Probes.Notifications;

/// <summary>Something worth telling people about, with a stable id so it is queued and delivered once per channel.</summary>
public sealed record NotificationEvent(string Id, string Type, DateTimeOffset At, string Title, string Status, string Url, object Data)
{
    public const string IncidentOpened = "incident.opened";
    public const string IncidentUpdated = "incident.updated";
    public const string IncidentResolved = "incident.resolved";

    /// <summary>Someone acknowledged the incident in StatusBoard: paging services stop paging.</summary>
    public const string IncidentAcknowledged = "incident.acknowledged";

    /// <summary>Nobody acknowledged an incident within a channel's <c>escalateAfter</c>: sent to its <c>escalateTo</c> channel.</summary>
    public const string IncidentEscalated = "incident.escalated";
    public const string MaintenanceStarted = "maintenance.started";
    public const string MaintenanceCompleted = "maintenance.completed";

    /// <summary>Internal: a region stopped reporting, so StatusBoard cannot see it. Never an outage.</summary>
    public const string BlindSpot = "monitoring.blind";

    /// <summary>Internal: results could not be stored (database locked, slow, disk full); probing goes on. Never an outage.</summary>
    public const string StorageFailing = "monitoring.storage";

    /// <summary>Internal: StatusBoard cannot run a probe (refused destination, unset secret…): the probe's fault, never an outage.</summary>
    public const string ProbeError = "probe.error";

    /// <summary>Sent by hand from /ops to check a channel.</summary>
    public const string Test = "test";

    /// <summary>A message whose only point is to show that a channel works.</summary>
    public static NotificationEvent TestFor(string channel, DateTimeOffset now) =>
        new($"test:{Guid.CreateVersion7(now):N}", Test, now, "StatusBoard test message", "test", "/ops", new { channel });

    public static readonly IReadOnlyList<string> Types = [IncidentOpened, IncidentUpdated, IncidentResolved, IncidentAcknowledged, IncidentEscalated, MaintenanceStarted, MaintenanceCompleted, BlindSpot, StorageFailing, ProbeError, Test];

    /// <summary>Events about StatusBoard itself, for operators: they link to /ops, never to the public page.</summary>
    public static bool IsInternal(string type) => type is BlindSpot or StorageFailing or ProbeError;
}
