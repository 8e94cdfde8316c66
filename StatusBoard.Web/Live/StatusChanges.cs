using StatusBoard.Probes.Health;

namespace StatusBoard.Web.Live;

/// <summary>
/// Watches component health and tells its subscribers (<see cref="Subscribe"/>) when a component's status, scope or region states change:
/// checked within a quarter of a second of a pair's confirmed state changing (<see cref="HealthTracker.Version"/>),
/// every second regardless (regions go blind and maintenance begins by time alone, and the catalog changes), and in
/// full every few seconds. The frequent check compares statuses only; success rates and latencies are worked out when
/// something changed or every few seconds, since with thousands of pairs they are most of the cost. Results that
/// change no pair's state — nearly all of them — cost the watcher nothing.
/// </summary>
public sealed class StatusChanges(HealthService health, HealthTracker tracker, TimeProvider time, ILogger<StatusChanges> logger) : BackgroundService
{
    private static readonly TimeSpan Check = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Look = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private volatile IReadOnlyList<ComponentHealth> _current = [];
    private IReadOnlyList<ComponentHealth> _statuses = [];

    private readonly Probes.Common.Subscribers<StatusChange> _changed = new();

    /// <summary>Tells of every component and those that changed, each time some did. Listeners must not block.</summary>
    public IDisposable Subscribe(Action<StatusChange> onChange) => _changed.Subscribe(onChange);

    public IReadOnlyList<ComponentHealth> Current => _current;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Check, time);
        var (lastCheck, lastLook, seen) = (DateTimeOffset.MinValue, DateTimeOffset.MinValue, -1L);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetUtcNow();
                var due = now - lastCheck >= Refresh;
                var version = tracker.Version;
                if (version == seen && now - lastLook < Look && !due)
                {
                    continue;
                }

                (seen, lastLook) = (version, now);

                try
                {
                    var statuses = health.Current(figures: false);
                    var moved = statuses.Count != _statuses.Count || statuses.Zip(_statuses).Any(pair => pair.First.Key != pair.Second.Key || !Same(pair.First, pair.Second));
                    _statuses = statuses;
                    if (moved || due)
                    {
                        lastCheck = now;
                        Compare(health.Current());
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "Checking component health for live clients failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Compare(IReadOnlyList<ComponentHealth> next)
    {
        var before = _current.ToDictionary(c => c.Key);
        var changed = next.Where(c => !before.TryGetValue(c.Key, out var old) || !Same(old, c)).ToList();
        _current = next;
        if (changed.Count > 0 || before.Count != next.Count)
        {
            _changed.Publish(new StatusChange(next, changed));
        }
    }

    private static bool Same(ComponentHealth a, ComponentHealth b) =>
        a.Status == b.Status && a.Scope == b.Scope && a.Name == b.Name
        && a.Regions.Select(r => (r.Region, r.Status)).SequenceEqual(b.Regions.Select(r => (r.Region, r.Status)));
}

/// <summary>Every component's health now, and those whose status, scope or regions changed.</summary>
public sealed record StatusChange(IReadOnlyList<ComponentHealth> All, IReadOnlyList<ComponentHealth> Changed);
