using StatusBoard.Probes.Incidents;

namespace StatusBoard.Probes.Notifications;

/// <summary>Turns incident changes into events in the outbox, for every channel told of them.</summary>
public sealed class IncidentNotifier(Outbox outbox, ChannelDirectory channels, TimeProvider time, IEnumerable<IPublicEventListener>? listeners = null) : IIncidentObserver
{
    public async Task OnIncidentChangedAsync(Incident previous, Incident current, CancellationToken cancellationToken)
    {
        var (type, id) = current.Status == IncidentStatus.Resolved
            ? (NotificationEvent.IncidentResolved, $"{current.Id}:resolved")
            : previous.AcknowledgedAt is null && current.AcknowledgedAt is not null && previous.Updates.Count > 0 && previous.Updates.Count == current.Updates.Count
                ? (NotificationEvent.IncidentAcknowledged, $"{current.Id}:acknowledged")
            : previous.Updates.Count == 0
                ? (NotificationEvent.IncidentOpened, $"{current.Id}:opened")
                : (NotificationEvent.IncidentUpdated, $"{current.Id}:{(current.Updates.Count > 0 ? current.Updates[^1].Id : current.UpdatedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        var notification = Event(id, type, current, time.GetUtcNow());
        var subscribers = await channels.SubscribersAsync(notification, cancellationToken);
        if (subscribers.Count > 0)
        {
            await outbox.EnqueueAsync(notification, subscribers, cancellationToken);
        }

        // The public hears of what the page shows: opened, each public update, resolved; never acknowledgements or notes.
        var lastPublic = current.Updates.LastOrDefault(u => u.Public);
        if (type == NotificationEvent.IncidentAcknowledged || lastPublic is null
            || (type == NotificationEvent.IncidentUpdated && previous.Updates.LastOrDefault(u => u.Public)?.Id == lastPublic.Id))
        {
            return;
        }

        // By the public update told of: a relapse's second resolution is news too, which one id per incident would swallow.
        var told = type switch
        {
            NotificationEvent.IncidentUpdated => notification with { Id = $"{current.Id}:{lastPublic.Id}" },
            NotificationEvent.IncidentResolved => notification with { Id = $"{current.Id}:resolved:{lastPublic.Id}" },
            _ => notification,
        };
        foreach (var listener in listeners ?? [])
        {
            await listener.OnPublicEventAsync(new PublicEvent(told, current.Components.Select(c => c.Key).ToList()) { Incident = current }, cancellationToken);
        }
    }

    /// <summary>An event about an incident, with what channels route by and show: impact, scope, regions, components, categories.</summary>
    public static NotificationEvent Event(string id, string type, Incident incident, DateTimeOffset at) =>
        new(id, type, at, incident.Title, incident.Status.ToWire(), $"/incidents/{incident.Id}", new
        {
            incident = incident.Id,
            impact = incident.Impact.ToWire(),
            scope = incident.Scope.ToWire(),
            regions = incident.Regions,
            components = incident.Components.Select(c => c.Key),
            categories = incident.Categories,
            startedAt = incident.StartedAt,
            resolvedAt = incident.ResolvedAt,
        });
}
