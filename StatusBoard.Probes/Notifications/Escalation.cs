using StatusBoard.Probes.Incidents;

namespace StatusBoard.Probes.Notifications;

/// <summary>
/// Which open incidents escalate now: one a channel was told of (its events, components and impact), unacknowledged
/// for that channel's <c>escalateAfter</c> since it was detected, goes to the channel's <c>escalateTo</c>, once per
/// incident and channel (the event id says so). Acknowledged, resolved and false-alarm incidents never escalate.
/// A pure function, table-tested; the operations watcher runs it.
/// </summary>
public static class Escalation
{
    public static IReadOnlyList<(NotificationEvent Event, string To)> Due(IReadOnlyList<Incident> incidents, IReadOnlyList<Channel> channels, DateTimeOffset now)
    {
        var due = new List<(NotificationEvent, string)>();
        foreach (var incident in incidents.Where(i => i.IsOpen && i.AcknowledgedAt is null && !i.FalseAlarm))
        {
            var opened = IncidentNotifier.Event($"{incident.Id}:opened", NotificationEvent.IncidentOpened, incident, now);
            foreach (var channel in channels)
            {
                if (channel.Options.EscalateTo is not { } to || !Durations.TryParse(channel.Options.EscalateAfter, out var after, out _)
                    || now - incident.DetectedAt < after || !channel.Options.Hears(opened))
                {
                    continue;
                }

                var escalated = IncidentNotifier.Event($"{incident.Id}:escalated:{channel.Name}", NotificationEvent.IncidentEscalated, incident, now);
                due.Add((escalated with { Title = $"{incident.Title} (unacknowledged for {Durations.Format(after)} on {channel.Name})" }, to));
            }
        }

        return due;
    }
}
