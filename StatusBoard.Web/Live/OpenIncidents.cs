using StatusBoard.Probes.Incidents;

namespace StatusBoard.Web.Live;

/// <summary>
/// The open incidents, read once for every dashboard of this node rather than by each: the store's change counter is
/// asked every <see cref="CheckInterval"/> (it moves on any node's change, so a cluster's dashboards agree), and the
/// open incidents are read again only when it moved — at once when this node changed one. Dashboards subscribe.
/// </summary>
public sealed class OpenIncidents(IncidentStore store, TimeProvider time, ILogger<OpenIncidents> logger) : BackgroundService, IIncidentObserver
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly Probes.Common.Subscribers<IReadOnlyList<Incident>> _subscribers = new();
    private volatile IReadOnlyList<Incident>? _open;
    private long _generation = -1;

    /// <summary>The open incidents as last read; read now when they never were (the first dashboard before the first check).</summary>
    public async Task<IReadOnlyList<Incident>> CurrentAsync(CancellationToken cancellationToken) =>
        _open ?? await ReadAsync(force: true, cancellationToken);

    /// <summary>Called with the open incidents each time they change, on a background thread; dispose to stop.</summary>
    public IDisposable Subscribe(Action<IReadOnlyList<Incident>> onChange) => _subscribers.Subscribe(onChange);

    /// <summary>An incident of this node changed: read again now rather than at the next check.</summary>
    public Task OnIncidentChangedAsync(Incident previous, Incident current, CancellationToken cancellationToken)
    {
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one read answers both.
            }
        }

        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadAsync(force: false, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("Reading the open incidents for the dashboards failed ({Problem}); trying again", exception.Message);
            }

            using var interval = new CancellationTokenSource(CheckInterval, time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, interval.Token);
            try
            {
                await _changed.WaitAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The interval passed without a change here: check the counter.
            }
        }
    }

    private async Task<IReadOnlyList<Incident>> ReadAsync(bool force, CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            var generation = await store.GenerationAsync(cancellationToken);
            if (!force && generation == _generation && _open is { } same)
            {
                return same;
            }

            var open = await store.OpenAsync(cancellationToken);
            var changed = _open is not null && generation != _generation;
            (_open, _generation) = (open, generation);
            if (changed)
            {
                _subscribers.Publish(open);
            }

            return open;
        }
        finally
        {
            _reading.Release();
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        _reading.Dispose();
        base.Dispose();
    }
}
