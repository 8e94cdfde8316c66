using StatusBoard.Probes.Health;

namespace StatusBoard.Web.Live;

/// <summary>
/// Watches component health and raises <see cref="Changed"/> when a component's status, scope or region states change:
/// checked shortly after new results arrive, and every few seconds regardless (regions go blind by time alone).
/// The frequent check compares statuses only; success rates and latencies are worked out when something changed or
/// every few seconds, since with thousands of pairs they are most of the cost.
/// </summary>
public sealed class StatusChanges(HealthService health, ResultFeed feed, TimeProvider time, ILogger<StatusChanges> logger) : BackgroundService
{
    private static readonly TimeSpan Check = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private volatile IReadOnlyList<ComponentHealth> _current = [];
    private IReadOnlyList<ComponentHealth> _statuses = [];
    private int _dirty = 1;

    /// <summary>Raised with every component and those that changed. Handlers must not block.</summary>
    public event Action<IReadOnlyList<ComponentHealth>, IReadOnlyList<ComponentHealth>>? Changed;

    public IReadOnlyList<ComponentHealth> Current => _current;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe(_ => Volatile.Write(ref _dirty, 1));
        using var timer = new PeriodicTimer(Check, time);
        var lastCheck = DateTimeOffset.MinValue;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetUtcNow();
                var due = now - lastCheck >= Refresh;
                if (Interlocked.Exchange(ref _dirty, 0) == 0 && !due)
                {
                    continue;
                }

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
            Changed?.Invoke(next, changed);
        }
    }

    private static bool Same(ComponentHealth a, ComponentHealth b) =>
        a.Status == b.Status && a.Scope == b.Scope && a.Name == b.Name
        && a.Regions.Select(r => (r.Region, r.Status)).SequenceEqual(b.Regions.Select(r => (r.Region, r.Status)));
}
