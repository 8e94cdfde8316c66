using Microsoft.Extensions.Hosting;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Running;

/// <summary>
/// Brings the schema up to date and loads the catalog at start (failing the start on bad configuration), then runs
/// the probes of the local regions, the result writer and retention until shutdown, when queued results are written.
/// With several web nodes only the one that leads (<see cref="Cluster.Leadership"/>) schedules probes; the others take
/// over when it stops leading.
/// </summary>
public sealed class ProbeHost(
    Database database,
    ProbeCatalog catalog,
    Maintenance.MaintenanceSchedule maintenance,
    ProbeScheduler scheduler,
    ResultWriter writer,
    IResultStore store,
    HealthTracker health,
    ISandboxLocator sandbox,
    Cluster.Leadership leadership,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ProbeHost> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _writer = Task.CompletedTask;
    private Task _work = Task.CompletedTask;
    private readonly Lock _stopGate = new();
    private readonly Lock _scheduleGate = new();
    private Task? _stop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await catalog.LoadAsync(cancellationToken);
        await maintenance.LoadAsync(cancellationToken);
        await WarmHealthAsync(cancellationToken);
        _writer = Task.Run(writer.RunAsync, CancellationToken.None);
        _work = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>
    /// Stops once, however many callers ask: the host stops its services both when its Run loop sees shutdown and when
    /// its owner stops it, and may dispose it while a stop is still under way. Every caller waits for the same stop.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task stop;
        lock (_stopGate)
        {
            stop = _stop ??= StopOnceAsync();
        }

        try
        {
            await stop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout ran out: say what is still under way instead of ending in a stack trace. The
            // stop goes on while the host disposes (DisposeAsync waits for it a little longer).
            logger.LogWarning("Stopping took longer than the host allows (HostOptions:ShutdownTimeout); {Queued} results are still being written", writer.Queued);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposed without a stop, or during one: finish it first, but never wait for ever on a store that may be gone.
        await StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task StopOnceAsync()
    {
        await _stopping.CancelAsync();
        await _work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await scheduler.DisposeAsync();
        writer.Complete();
        await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // {sandbox} is the server's own address, known once it listens.
        await WaitForStartAsync(cancellationToken);
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        // Subscribe first: a change that lands between reading the catalog and subscribing would otherwise be lost.
        using var catalogChanges = catalog.SubscribeChanges(Schedule);
        using var leadershipChanges = leadership.SubscribeChanges(OnLeadership);
        Schedule(catalog.Current);
        await Task.WhenAll(scheduler.RunAsync(cancellationToken), PruneAsync(cancellationToken));
    }

    /// <summary>
    /// Schedules the catalog as it is now, whoever calls and with whatever snapshot, one caller at a time: an older
    /// snapshot never wins over a newer one.
    /// </summary>
    private void Schedule(CatalogSnapshot _)
    {
        lock (_scheduleGate)
        {
            var snapshot = catalog.Current;
            var local = catalog.LocalRegions;
            if (!leadership.IsLeading)
            {
                scheduler.Update([]);
                logger.LogInformation("Node {Node} does not lead: another node schedules the probes", leadership.Node);
                return;
            }

            scheduler.Update(snapshot.Active.SelectMany(probe => probe.Regions.Where(local.Contains).Select(region => new ScheduledPair(probe, region))));
            logger.LogInformation("Scheduling {Probes} probes ({Paused} paused) in regions {Regions}; sandbox at {Sandbox}", snapshot.Active.Count, snapshot.Paused.Count, string.Join(", ", local), sandbox.BaseAddress ?? "(none)");
        }
    }

    private void OnLeadership(bool _) => Schedule(catalog.Current);

    private async Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = cancellationToken.Register(() => started.TrySetResult());
        await started.Task;
    }

    private async Task WarmHealthAsync(CancellationToken cancellationToken)
    {
        var recent = await store.QueryAsync(new ResultQuery(Since: time.GetUtcNow() - TimeSpan.FromMinutes(10), Limit: 50_000), cancellationToken);
        foreach (var result in recent.OrderBy(r => r.StartedAt))
        {
            health.Record(result);
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var removed = await store.PruneAsync(time.GetUtcNow(), cancellationToken);
                logger.LogInformation("Retention removed {Rows} rows", removed);
                await Task.Delay(TimeSpan.FromHours(1), time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Retention failed; trying again in an hour");
                await Task.Delay(TimeSpan.FromHours(1), time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
