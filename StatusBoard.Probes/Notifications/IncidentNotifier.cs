using StatusBoard.Probes.Common;
using StatusBoard.Probes.Incidents;

namespace StatusBoard.Probes.Notifications;

/// <summary>Turns incident changes into events in the outbox, for every channel that wants them.</summary>
public sealed class IncidentNotifier(Outbox outbox, ChannelDirectory channels, TimeProvider time) : IIncidentObserver
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
        var subscribers = await channels.SubscribersAsync(type, cancellationToken);
        if (subscribers.Count == 0)
        {
            return;
        }

        var notification = new NotificationEvent(id, type, time.GetUtcNow(), current.Title, current.Status.ToWire(), $"/incidents/{current.Id}", new
        {
            incident = current.Id,
            impact = current.Impact.ToWire(),
            scope = current.Scope.ToWire(),
            regions = current.Regions,
            components = current.Components.Select(c => c.Key),
            categories = current.Categories,
            startedAt = current.StartedAt,
            resolvedAt = current.ResolvedAt,
        });
        await outbox.EnqueueAsync(notification, subscribers, cancellationToken);
    }
}
