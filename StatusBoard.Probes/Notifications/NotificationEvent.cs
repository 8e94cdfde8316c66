namespace StatusBoard.Probes.Notifications;

/// <summary>Something worth telling people about, with a stable id so it is queued and delivered once per channel.</summary>
public sealed record NotificationEvent(string Id, string Type, DateTimeOffset At, string Title, string Status, string Url, object Data)
{
    public const string IncidentOpened = "incident.opened";
    public const string IncidentUpdated = "incident.updated";
    public const string IncidentResolved = "incident.resolved";
}
