using Dapper;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Maintenance;

/// <summary>
/// Maintenance windows, stored in SQLite and held in memory (there are few), so health can ask on every read
/// whether a component is under maintenance without a query.
/// </summary>
public sealed class MaintenanceSchedule(Database database, TimeProvider time, Cluster.ClusterSignals? signals = null)
{
    private volatile IReadOnlyList<MaintenanceWindow> _windows = [];
    private int _loaded;

    public IReadOnlyList<MaintenanceWindow> All => _windows;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        // Windows that ended more than 90 days ago are history nobody reads on the page.
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT document FROM maintenance WHERE ends_at >= @since ORDER BY starts_at",
            new { since = (time.GetUtcNow() - TimeSpan.FromDays(90)).ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        _windows = rows.Select(row => Json.Deserialize<MaintenanceWindow>(row)!).ToList();
        Interlocked.Exchange(ref _loaded, 1);
    }

    public async Task AddAsync(MaintenanceWindow window, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _loaded) == 0)
        {
            await LoadAsync(cancellationToken);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO maintenance (id, starts_at, ends_at, document) VALUES (@id, @startsAt, @endsAt, @document)",
            new { id = window.Id, startsAt = window.StartsAt.ToUnixTimeMilliseconds(), endsAt = EndsAtColumn(window), document = Json.Serialize(window) },
            cancellationToken: cancellationToken));
        _windows = [.. _windows, window];
        signals?.AnnounceConfigurationChanged();
    }

    /// <summary>The ends_at column: when the window's last occurrence ends, so recurring windows are never aged out.</summary>
    public static long EndsAtColumn(MaintenanceWindow window) => window.LastEnd.ToUnixTimeMilliseconds();

    public bool UnderMaintenance(string component, DateTimeOffset now) => _windows.Any(w => w.Covers(component, now));

    public IReadOnlyList<MaintenanceWindow> Where(MaintenanceStatus status, DateTimeOffset now) =>
        _windows.Where(w => w.StatusAt(now) == status).OrderBy(w => w.StartsAt).ToList();
}
