namespace StatusBoard.Probes.Maintenance;

/// <summary>
/// Maintenance windows, stored (MaintenanceStore) and held in memory (there are few), so health can ask on every read
/// whether a component is under maintenance without a query.
/// </summary>
public sealed class MaintenanceSchedule(MaintenanceStore store, TimeProvider time, Cluster.ClusterSignals? signals = null)
{
    private volatile IReadOnlyList<MaintenanceWindow> _windows = [];
    private int _loaded;

    public IReadOnlyList<MaintenanceWindow> All => _windows;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        // Windows that ended more than 90 days ago are history nobody reads on the page.
        _windows = await store.LoadAsync(time.GetUtcNow() - TimeSpan.FromDays(90), cancellationToken);
        Interlocked.Exchange(ref _loaded, 1);
    }

    public async Task AddAsync(MaintenanceWindow window, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        await store.SaveAsync(window, cancellationToken);
        _windows = [.. _windows, window];
        signals?.AnnounceConfigurationChanged();
    }

    public MaintenanceWindow? Find(string id) => _windows.FirstOrDefault(w => w.Id == id);

    /// <summary>
    /// Replaces a window with what an operator edited (its id, creation time and early ends kept); null when there is
    /// no such window.
    /// </summary>
    public async Task<MaintenanceWindow?> ReplaceAsync(MaintenanceWindow edited, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        if (Find(edited.Id) is not { } current)
        {
            return null;
        }

        var window = edited with { CreatedAt = current.CreatedAt, EndedEarly = current.EndedEarly };
        await StoreAsync(window, cancellationToken);
        return window;
    }

    /// <summary>
    /// Cancels a window: one that never started is removed; a recurring one that did has no occurrence after now (one in
    /// progress goes on: end it early to stop it); a one-off that started cannot be cancelled, only ended early.
    /// </summary>
    public async Task<MaintenanceChange> CancelAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (Find(id) is not { } window)
        {
            return MaintenanceChange.Missing;
        }

        if (!window.HasStarted(now))
        {
            await store.DeleteAsync(id, cancellationToken);
            _windows = _windows.Where(w => w.Id != id).ToList();
            signals?.AnnounceConfigurationChanged();
            return new MaintenanceChange(null, null, Removed: true);
        }

        if (window.Recurrence == Recurrence.None)
        {
            return new MaintenanceChange(window, "has already started and cannot be cancelled; end it early instead");
        }

        var cancelled = window with { Until = window.Until is { } until && until < now ? until : now };
        await StoreAsync(cancelled, cancellationToken);
        return new MaintenanceChange(cancelled, null);
    }

    /// <summary>Ends the occurrence in progress now; refused when none is.</summary>
    public async Task<MaintenanceChange> EndEarlyAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        if (Find(id) is not { } window)
        {
            return MaintenanceChange.Missing;
        }

        if (window.EndedAt(time.GetUtcNow()) is not { } ended)
        {
            return new MaintenanceChange(window, "is not in progress: there is nothing to end");
        }

        await StoreAsync(ended, cancellationToken);
        return new MaintenanceChange(ended, null);
    }

    private async Task StoreAsync(MaintenanceWindow window, CancellationToken cancellationToken)
    {
        await store.SaveAsync(window, cancellationToken);
        _windows = _windows.Select(w => w.Id == window.Id ? window : w).ToList();
        signals?.AnnounceConfigurationChanged();
    }

    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _loaded) == 0)
        {
            await LoadAsync(cancellationToken);
        }
    }

    public bool UnderMaintenance(string component, DateTimeOffset now) => _windows.Any(w => w.Covers(component, now));

    public IReadOnlyList<MaintenanceWindow> Where(MaintenanceStatus status, DateTimeOffset now) =>
        _windows.Where(w => w.StatusAt(now) == status).OrderBy(w => w.StartsAt).ToList();
}

/// <summary>What a change to a window did: the window as it now stands, or why it was refused, or that it is gone.</summary>
public sealed record MaintenanceChange(MaintenanceWindow? Window, string? Refusal, bool Removed = false)
{
    public static readonly MaintenanceChange Missing = new(null, null);

    public bool IsMissing => Window is null && Refusal is null && !Removed;
}
