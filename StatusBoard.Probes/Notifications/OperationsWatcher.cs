using Microsoft.Extensions.Hosting;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Maintenance;

namespace StatusBoard.Probes.Notifications;

/// <summary>
/// Tells channels what is not an incident: a maintenance window starting and completing, and a region going blind
/// (its probes stopped reporting — an internal "monitoring blind spot", never an outage), and results that cannot be
/// stored, and probes StatusBoard cannot run (<c>probe.error</c>); and it escalates incidents nobody acknowledged in
/// time (<see cref="Escalation"/>). Event ids are stable, so the outbox queues each once even across restarts. A storage fault that also stops
/// the outbox is told as soon as the database takes writes again, with when it began and ended.
/// </summary>
public sealed class OperationsWatcher(
    MaintenanceSchedule maintenance,
    HealthService health,
    HealthTracker tracker,
    Storage.ResultWriter writer,
    ChannelDirectory channels,
    Outbox outbox,
    Incidents.IncidentStore incidents,
    Cluster.Leadership leadership,
    TimeProvider time,
    ILogger<OperationsWatcher> logger,
    IEnumerable<IPublicEventListener>? listeners = null) : BackgroundService
{
    /// <summary>After a start, regions are blind until their first results: no alert for that.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, (DateTimeOffset Start, DateTimeOffset End)> _running = [];
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private DateTimeOffset? _storageFailingSince;

    /// <summary>Escalations queued by this node (the outbox queues each once anyway; this spares it the asking every beat).</summary>
    private readonly HashSet<string> _escalated = [];

    /// <summary>Public events this node told its listeners of (each is queued once anyway; this spares asking every beat).</summary>
    private readonly HashSet<string> _told = [];
    private readonly IReadOnlyList<IPublicEventListener> _listeners = listeners?.ToList() ?? [];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Periodic.RunAsync(TimeSpan.FromSeconds(2), time, ct => leadership.IsLeading ? WatchAsync(ct) : Task.CompletedTask, logger, "Watching maintenance and blind spots", stoppingToken);

    public async Task WatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var window in maintenance.All)
        {
            var status = window.StatusAt(now);
            if (status == MaintenanceStatus.InProgress && window.OccurrenceAt(now) is { } occurrence)
            {
                _running[window.Id] = occurrence;
                var started = await SendAsync($"maintenance:{window.Id}:{Stamp(occurrence.Start)}:started", NotificationEvent.MaintenanceStarted, window.Title, "in_progress",
                    new { maintenance = window.Id, components = window.Components, startsAt = occurrence.Start, endsAt = occurrence.End }, now, cancellationToken);
                await TellAsync(started, window, cancellationToken);
            }
            else if (_running.Remove(window.Id, out var ended))
            {
                var completed = await SendAsync($"maintenance:{window.Id}:{Stamp(ended.Start)}:completed", NotificationEvent.MaintenanceCompleted, window.Title, status.ToWire(),
                    new { maintenance = window.Id, components = window.Components, startsAt = ended.Start, endsAt = ended.End }, now, cancellationToken);
                await TellAsync(completed, window, cancellationToken);
            }
            else if (status == MaintenanceStatus.Scheduled && !window.HasStarted(now) && window.OccurrenceAt(now) is { } next)
            {
                // Announced once per window, to subscribers (channels hear of it when it starts).
                await TellAsync(new NotificationEvent($"maintenance:{window.Id}:scheduled", PublicEvent.MaintenanceScheduled, now, window.Title, "scheduled", "/#maintenance",
                    new { maintenance = window.Id, components = window.Components, startsAt = next.Start, endsAt = next.End }), window, cancellationToken);
            }
        }

        foreach (var (region, lastSeen) in now - _startedAt < StartGrace ? [] : BlindSpots(health.Current(figures: false)))
        {
            await SendAsync($"blind:{region}:{Stamp(lastSeen)}", NotificationEvent.BlindSpot, $"No results from {region} since {lastSeen.UtcDateTime:HH:mm} UTC", "blind",
                new { region, lastResultAt = lastSeen }, now, cancellationToken);
        }

        foreach (var (probe, regions, since, message) in ProbeErrors(tracker.Snapshot(now, withRecent: false)))
        {
            await SendAsync($"probe-error:{probe}:{Stamp(since)}", NotificationEvent.ProbeError, $"StatusBoard cannot run probe {probe}: {message}", "error",
                new { probe, regions, since, message }, now, cancellationToken);
        }

        await channels.EnsureLoadedAsync(cancellationToken);
        foreach (var (escalated, to) in Escalation.Due(await incidents.OpenAsync(cancellationToken), channels.All, now))
        {
            if (!_escalated.Contains(escalated.Id))
            {
                await outbox.EnqueueAsync(escalated, [to], cancellationToken);
                _escalated.Add(escalated.Id);
            }
        }

        // Last: while the database refuses writes this fails, and the events above should not wait for it.
        await WatchStorageAsync(now, cancellationToken);
    }

    private async Task WatchStorageAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (writer.Status is { } fault)
        {
            _storageFailingSince = fault.Since;
            await SendAsync($"storage:{Stamp(fault.Since)}:failing", NotificationEvent.StorageFailing, $"Results cannot be stored since {fault.Since.UtcDateTime:HH:mm} UTC; probing goes on",
                "failing", new { since = fault.Since, error = fault.Error, waiting = writer.Queued, dropped = writer.Dropped }, now, cancellationToken);
        }
        else if (_storageFailingSince is { } since)
        {
            await SendAsync($"storage:{Stamp(since)}:recovered", NotificationEvent.StorageFailing, $"Results are stored again (failing from {since.UtcDateTime:HH:mm} to {now.UtcDateTime:HH:mm} UTC)",
                "recovered", new { since, until = now, dropped = writer.Dropped }, now, cancellationToken);
            _storageFailingSince = null;
        }
    }

    /// <summary>Regions that reported before and now report for no component: StatusBoard cannot see there.</summary>
    public static IReadOnlyList<(string Region, DateTimeOffset LastSeen)> BlindSpots(IReadOnlyList<ComponentHealth> components) =>
        components.SelectMany(c => c.Regions)
            .GroupBy(r => r.Region, StringComparer.Ordinal)
            .Where(g => g.All(r => r.Status == HealthStatus.Blind) && g.Any(r => r.LastResultAt is not null))
            .Select(g => (g.Key, g.Max(r => r.LastResultAt)!.Value))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>Probes whose newest results in some region are StatusBoard's own errors: once per probe and episode.</summary>
    public static IReadOnlyList<(string Probe, IReadOnlyList<string> Regions, DateTimeOffset Since, string Message)> ProbeErrors(IReadOnlyList<PairHealth> pairs) =>
        pairs.Where(p => p.Error is not null)
            .GroupBy(p => p.Probe, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(p => p.Region).Order(StringComparer.Ordinal).ToList(), g.Min(p => p.Error!.Since), g.MaxBy(p => p.Error!.At)!.Error!.Message))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToList();

    private async Task<NotificationEvent> SendAsync(string id, string type, string title, string status, object data, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var notification = new NotificationEvent(id, type, now, title, status, NotificationEvent.IsInternal(type) ? "/ops" : "/", data);
        var subscribers = await channels.SubscribersAsync(notification, cancellationToken);
        if (subscribers.Count > 0)
        {
            await outbox.EnqueueAsync(notification, subscribers, cancellationToken);
        }

        return notification;
    }

    private async Task TellAsync(NotificationEvent notification, MaintenanceWindow window, CancellationToken cancellationToken)
    {
        if (_listeners.Count == 0 || _told.Contains(notification.Id))
        {
            return;
        }

        foreach (var listener in _listeners)
        {
            await listener.OnPublicEventAsync(new PublicEvent(notification, window.Components) { Window = window }, cancellationToken);
        }

        _told.Add(notification.Id);
    }

    private static string Stamp(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
