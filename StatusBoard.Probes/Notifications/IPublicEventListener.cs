using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Maintenance;

namespace StatusBoard.Probes.Notifications;

/// <summary>
/// Told of each event the public hears of: an incident opened, updated (a new public update) or resolved, a maintenance
/// window announced, started or completed. How wallet users who subscribed to the page hear of them.
/// </summary>
public interface IPublicEventListener
{
    Task OnPublicEventAsync(PublicEvent publicEvent, CancellationToken cancellationToken);
}

/// <summary>A public event, what it is about, and the components it concerns.</summary>
public sealed record PublicEvent(NotificationEvent Notification, IReadOnlyList<string> Components)
{
    public const string MaintenanceScheduled = "maintenance.scheduled";

    public Incident? Incident { get; init; }

    public MaintenanceWindow? Window { get; init; }
}

/// <summary>
/// Delivers the outbox rows addressed to something other than a notification channel: a <c>channel</c> beginning with
/// <see cref="Prefix"/> (subscribers are <c>subscriber:{id}</c>). Failures are retried as channels' are.
/// </summary>
public interface IOutboxRoute
{
    string Prefix { get; }

    Task SendAsync(Outbox.Item item, CancellationToken cancellationToken);
}
