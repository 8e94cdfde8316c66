using Dapper;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Maintenance;

/// <summary>
/// Maintenance windows (the <c>maintenance</c> table), each a document with its first start and its last occurrence's
/// end as columns to query by (so a recurring window is never aged out while it recurs).
/// </summary>
public sealed class MaintenanceStore(Database database)
{
    /// <summary>The windows that end at or after <paramref name="since"/>, by their start.</summary>
    public async Task<IReadOnlyList<MaintenanceWindow>> LoadAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT document FROM maintenance WHERE ends_at >= @since ORDER BY starts_at", new { since = since.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return [.. rows.Select(row => Json.Deserialize<MaintenanceWindow>(row)!)];
    }

    /// <summary>Adds the window, or replaces the one with its id.</summary>
    public Task SaveAsync(MaintenanceWindow window, CancellationToken cancellationToken, UnitOfWork? work = null) =>
        UnitOfWork.ExecuteAsync(database, work,
            """
            INSERT INTO maintenance (id, starts_at, ends_at, document) VALUES (@id, @startsAt, @endsAt, @document)
            ON CONFLICT (id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at, document = excluded.document
            """,
            new { id = window.Id, startsAt = window.StartsAt.ToUnixTimeMilliseconds(), endsAt = window.LastEnd.ToUnixTimeMilliseconds(), document = Json.Serialize(window) },
            cancellationToken);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken, UnitOfWork? work = null) =>
        await UnitOfWork.ExecuteAsync(database, work, "DELETE FROM maintenance WHERE id = @id", new { id }, cancellationToken) > 0;
}
