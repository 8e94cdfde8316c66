using Microsoft.AspNetCore.SignalR;
using StatusBoard.Probes.Cluster;
using StatusBoard.Probes.Maintenance;
using StatusBoard.Web.Api;

namespace StatusBoard.Web.Hubs;

/// <summary>
/// Tells every hub client, anonymous ones included, when maintenance changes: <c>maintenance</c> with <c>change</c>
/// (<c>scheduled</c>, <c>updated</c>, <c>cancelled</c>, <c>started</c>, <c>verifying</c>, <c>completed</c>) and the window as
/// <c>/api/v1/maintenance/{id}</c> gives it. Every second the leading node compares the schedule with what it last saw,
/// so a window edited on another node (which reloads the schedule on the cluster signal) and a window that starts or
/// ends with nobody touching it are told the same way, once, through the Redis backplane to every node's clients.
/// </summary>
public sealed class MaintenanceBroadcast(IHubContext<StatusHub> hub, MaintenanceSchedule schedule, Leadership leadership, TimeProvider time, ILogger<MaintenanceBroadcast> logger) : BackgroundService
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>What the last check saw (a window's document and status by id); null until this node leads.</summary>
    private Dictionary<string, Seen>? _seen;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Periodic.RunAsync(CheckInterval, time, CheckAsync, logger, "Telling hub clients of maintenance", stoppingToken);

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (!leadership.IsLeading)
        {
            _seen = null;
            return;
        }

        var now = time.GetUtcNow();
        var current = schedule.All.ToDictionary(w => w.Id, w => new Seen(w, Json.Serialize(w), w.StatusAt(now)), StringComparer.Ordinal);
        // The first look after starting to lead is the baseline: what was there before was told by whoever led then.
        foreach (var (change, window) in _seen is { } seen ? Changes(seen, current) : [])
        {
            await hub.Clients.All.SendAsync("maintenance", new { change, maintenance = MaintenanceApi.View(window, now) }, cancellationToken);
        }

        _seen = current;
    }

    /// <summary>What happened between two looks at the schedule, window by window, in the order a reader expects.</summary>
    public static IEnumerable<(string Change, MaintenanceWindow Window)> Changes(IReadOnlyDictionary<string, Seen> before, IReadOnlyDictionary<string, Seen> now)
    {
        foreach (var (id, seen) in now)
        {
            if (!before.TryGetValue(id, out var was))
            {
                yield return ("scheduled", seen.Window);
                if (seen.Status == MaintenanceStatus.InProgress)
                {
                    yield return ("started", seen.Window);
                }

                continue;
            }

            if (seen.Status == was.Status)
            {
                if (!string.Equals(was.Document, seen.Document, StringComparison.Ordinal))
                {
                    yield return ("updated", seen.Window);
                }

                continue;
            }

            // A change of status carries the window as it is now, edits included (ending early is both).
            yield return seen.Status switch
            {
                MaintenanceStatus.InProgress => ("started", seen.Window),
                MaintenanceStatus.Verifying => ("verifying", seen.Window),
                MaintenanceStatus.Completed => ("completed", seen.Window),
                // A recurring window between occurrences is scheduled again; one moved to later by an edit too.
                _ => (was.Status is MaintenanceStatus.InProgress or MaintenanceStatus.Verifying ? "completed" : "updated", seen.Window),
            };
        }

        foreach (var (id, was) in before)
        {
            // A completed window leaves the schedule when it is history (90 days on): that is no cancellation.
            if (!now.ContainsKey(id) && was.Status != MaintenanceStatus.Completed)
            {
                yield return ("cancelled", was.Window);
            }
        }
    }

    public sealed record Seen(MaintenanceWindow Window, string Document, MaintenanceStatus Status);
}
