using Dapper;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Incidents;

/// <summary>Incidents in the database: each saved whole, in one transaction, so none is ever half-written.</summary>
public sealed class IncidentStore(Database database) : IDisposable
{
    /// <summary>The advisory lock the web nodes share for incidents on PostgreSQL ("SBINCIDE").</summary>
    private const long SharedLock = 0x5342_494E_4349_4445;

    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>
    /// Held by whoever reads incidents to change them (the engine, a person), so neither overwrites the other: in this
    /// process, and on PostgreSQL across every web node (an advisory lock held on a connection of its own until the
    /// hold is disposed).
    /// </summary>
    public async Task<IAsyncDisposable> HoldAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        if (!database.Shared)
        {
            return new Hold(_writeLock, null);
        }

        System.Data.Common.DbConnection? connection = null;
        try
        {
            connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = SharedLock }, cancellationToken: cancellationToken));
            return new Hold(_writeLock, connection);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            _writeLock.Release();
            throw;
        }
    }

    private sealed class Hold(SemaphoreSlim local, System.Data.Common.DbConnection? shared) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (shared is not null)
                {
                    await shared.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = SharedLock }));
                    await shared.DisposeAsync();
                }
            }
            finally
            {
                local.Release();
            }
        }
    }

    private const int MaxParsed = 50_000;
    private volatile Overlapping? _overlapping;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Document, Incident Incident)> _parsed = new(StringComparer.Ordinal);

    public void Dispose() => _writeLock.Dispose();

    public async Task SaveAsync(Incident incident, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO incidents (id, component, status, automatic, started_at, resolved_at, updated_at, document)
            VALUES (@id, @component, @status, @automatic, @startedAt, @resolvedAt, @updatedAt, @document)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, resolved_at = excluded.resolved_at,
                updated_at = excluded.updated_at, document = excluded.document
            """,
            new
            {
                id = incident.Id,
                component = incident.Components.Count > 0 ? incident.Components[0].Key : "",
                status = incident.Status.ToWire(),
                automatic = incident.Automatic ? 1 : 0,
                startedAt = incident.StartedAt.ToUnixTimeMilliseconds(),
                resolvedAt = incident.ResolvedAt?.ToUnixTimeMilliseconds(),
                updatedAt = incident.UpdatedAt.ToUnixTimeMilliseconds(),
                document = Json.Serialize(incident),
            },
            transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO change_counters (name, value) VALUES ('incidents', 1) ON CONFLICT (name) DO UPDATE SET value = change_counters.value + 1",
            transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Incident>> OpenAsync(CancellationToken cancellationToken) =>
        await QueryAsync("WHERE status <> 'resolved' ORDER BY started_at DESC", new { }, cancellationToken);

    /// <summary>The newest incidents first, a page at a time.</summary>
    public async Task<IReadOnlyList<Incident>> RecentAsync(int limit, int offset, CancellationToken cancellationToken) =>
        await QueryAsync("ORDER BY started_at DESC, id DESC LIMIT @limit OFFSET @offset", new { limit, offset }, cancellationToken);

    public async Task<Incident?> FindAsync(string id, CancellationToken cancellationToken) =>
        await QueryAsync("WHERE id = @id", new { id }, cancellationToken) is [var found, ..] ? found : null;

    /// <summary>
    /// Incidents that overlap [from, to), oldest first: for reports. The last answer is kept until an incident is saved,
    /// so a manager paging through a year's report and its CSVs reads the year once. Every save, on any node, counts one
    /// more in the database's change counter, in the same transaction; an unchanged count is what tells a kept answer
    /// is still whole.
    /// </summary>
    public async Task<IReadOnlyList<Incident>> OverlappingAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var generation = await GenerationAsync(cancellationToken);
        if (_overlapping is { } kept && kept.From == from && kept.To == to && kept.Generation == generation)
        {
            return kept.Incidents;
        }

        var incidents = await QueryAsync("WHERE started_at < @to AND (resolved_at IS NULL OR resolved_at >= @from) ORDER BY started_at, id",
            new { from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds() }, cancellationToken);
        _overlapping = new Overlapping(from, to, generation, incidents);
        return incidents;
    }

    /// <summary>The database's count of incident saves, on any node: it changes exactly when an incident does.</summary>
    public async Task<long> GenerationAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT value FROM change_counters WHERE name = 'incidents'", cancellationToken: cancellationToken)) ?? 0;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT count(*) FROM incidents", cancellationToken: cancellationToken));
    }

    private async Task<IReadOnlyList<Incident>> QueryAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Id, string Document)>(new CommandDefinition("SELECT id, document FROM incidents " + where, parameters, cancellationToken: cancellationToken));
        return rows.Select(row => Parse(row.Id, row.Document)).ToList();
    }

    /// <summary>
    /// Reports read thousands of incidents a request; parsing their JSON was most of the time. A document read before,
    /// character for character the same, gives the incident parsed then (incidents are immutable records).
    /// </summary>
    private Incident Parse(string id, string document)
    {
        if (_parsed.TryGetValue(id, out var known) && string.Equals(known.Document, document, StringComparison.Ordinal))
        {
            return known.Incident;
        }

        var incident = Json.Deserialize<Incident>(document)!;
        if (_parsed.Count >= MaxParsed)
        {
            _parsed.Clear();
        }

        _parsed[id] = (document, incident);
        return incident;
    }

    private sealed record Overlapping(DateTimeOffset From, DateTimeOffset To, long Generation, IReadOnlyList<Incident> Incidents);
}
