using Microsoft.Extensions.Options;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Incidents;

namespace StatusBoard.Probes.Notifications;

/// <summary>Turns incident changes into events in the outbox, for every channel that wants them.</summary>
public sealed class IncidentNotifier(Outbox outbox, IOptions<NotificationOptions> options, TimeProvider time) : IIncidentObserver
{
    public async Task OnIncidentChangedAsync(Incident previous, Incident current, CancellationToken cancellationToken)
    {
        var (type, id) = current.Status == IncidentStatus.Resolved
            ? (NotificationEvent.IncidentResolved, $"{current.Id}:resolved")
            : previous.Updates.Count == 0
                ? (NotificationEvent.IncidentOpened, $"{current.Id}:opened")
                : (NotificationEvent.IncidentUpdated, $"{current.Id}:{(current.Updates.Count > 0 ? current.Updates[^1].Id : current.UpdatedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        var channels = NotificationChannels.Named(options.Value).Where(c => c.Options.Events.Count == 0 || c.Options.Events.Contains(type)).Select(c => c.Name).ToList();
        if (channels.Count == 0)
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
        await outbox.EnqueueAsync(notification, channels, cancellationToken);
    }
}

/// <summary>The configured channels with their names.</summary>
public static class NotificationChannels
{
    public static IEnumerable<(string Name, ChannelOptions Options)> Named(NotificationOptions options) =>
        options.Channels.Select((channel, index) => (string.IsNullOrWhiteSpace(channel.Name) ? $"channel-{index}" : channel.Name.Trim(), channel));
}
