using System.Security.Cryptography;
using Dapper;
using StatusBoard.Probes.Storage;
using StatusBoard.Web.Api;

namespace StatusBoard.Web.Agents;

/// <summary>A remote agent's key as it is listed: never the key itself.</summary>
public sealed record AgentKeyInfo(string Id, string Name, string Region, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastSeenAt);

/// <summary>A running agent process as last heard from: the key it uses and its own instance id (its buffer's).</summary>
public sealed record AgentInstance(string KeyId, string KeyName, string Region, string Instance, DateTimeOffset SeenAt)
{
    /// <summary>How far the agent's clock was ahead of the server's (negative: behind) at its last heartbeat; null when it did not say.</summary>
    public TimeSpan? ClockSkew { get; init; }

    /// <summary>Its buffer as it reported it at its last heartbeat; null when it did not say.</summary>
    public Probes.Agent.BufferState? Buffer { get; init; }

    /// <summary>The name that probes are assigned to: key and instance, so two processes with one key are two agents.</summary>
    public string Agent => $"{KeyId}:{Instance}";
}

/// <summary>
/// Keys that remote probe agents send as <c>Authorization: Bearer …</c>: each serves one region, is stored hashed,
/// shown once when created, and can be revoked.
/// </summary>
public sealed class AgentKeys(Database database, TimeProvider time)
{
    /// <summary>The tables of agent keys, the batches agents delivered and their heartbeats: <c>Agents/Migrations</c> beside this store.</summary>
    public static SchemaModule Schema { get; } = new("agents", typeof(AgentKeys).Assembly, "Agents.Migrations");

    /// <summary>How every agent key begins (an API key begins <c>sb_</c>): the API-key scheme leaves these alone.</summary>
    public const string Prefix = "sba_";

    private const string Columns = "id AS Id, name AS Name, region AS Region, created_at AS CreatedAt, revoked_at AS RevokedAt, last_seen_at AS LastSeenAt";

    public async Task<(AgentKeyInfo Info, string Key)> CreateAsync(string name, string region, CancellationToken cancellationToken)
    {
        var key = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var info = new AgentKeyInfo(Guid.NewGuid().ToString("N"), name, region, time.GetUtcNow(), null, null);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO agent_keys (id, name, region, hash, created_at) VALUES (@id, @name, @region, @hash, @now)",
            new { id = info.Id, name, region, hash = ApiKeys.Hash(key), now = info.CreatedAt.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return (info, key);
    }

    public async Task<IReadOnlyList<AgentKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM agent_keys ORDER BY region, name", cancellationToken: cancellationToken));
        return rows.Select(row => row.ToInfo()).ToList();
    }

    /// <summary>When each region last heard from any agent whose key is not revoked, since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> LastHeardByRegionAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Region, long SeenAt)>(new CommandDefinition(
            """
            SELECT h.region, MAX(h.seen_at) FROM agent_heartbeats h JOIN agent_keys k ON k.id = h.key_id
            WHERE k.revoked_at IS NULL AND h.seen_at >= @since GROUP BY h.region
            """,
            new { since = since.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Region, r => DateTimeOffset.FromUnixTimeMilliseconds(r.SeenAt), StringComparer.Ordinal);
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE agent_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL",
            new { id, now = time.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The key a request carries, if it is known and not revoked.</summary>
    public async Task<AgentKeyInfo?> FindAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        await using var connection = await database.OpenAsync(http.RequestAborted);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM agent_keys WHERE hash = @hash AND revoked_at IS NULL",
            new { hash = ApiKeys.Hash(header["Bearer ".Length..].Trim()) }, cancellationToken: http.RequestAborted));
        return row?.ToInfo();
    }

    /// <summary>The answer given to a batch this key delivered before, if any.</summary>
    public async Task<int?> DeliveredAsync(string keyId, string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "SELECT accepted FROM agent_batches WHERE key_id = @keyId AND id = @batchId", new { keyId, batchId }, cancellationToken: cancellationToken));
    }

    /// <summary>Remembers a delivered batch and when the agent was last heard from.</summary>
    public async Task RecordAsync(string keyId, string batchId, int accepted, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO agent_batches (key_id, id, received_at, accepted) VALUES (@keyId, @batchId, @now, @accepted) ON CONFLICT DO NOTHING;
            UPDATE agent_keys SET last_seen_at = @now WHERE id = @keyId;
            """,
            new { keyId, batchId, now, accepted }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// An agent process says it is alive; answers the agents of its region heard from since <paramref name="liveSince"/>,
    /// itself included.
    /// </summary>
    public async Task<IReadOnlyList<string>> HeartbeatAsync(AgentKeyInfo key, string instance, DateTimeOffset liveSince, CancellationToken cancellationToken,
        TimeSpan? clockSkew = null, Probes.Agent.BufferState? buffer = null)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO agent_heartbeats (key_id, instance, region, seen_at, clock_skew_ms, buffer) VALUES (@keyId, @instance, @region, @now, @skew, @buffer)
            ON CONFLICT (key_id, instance) DO UPDATE SET seen_at = excluded.seen_at, region = excluded.region,
                clock_skew_ms = excluded.clock_skew_ms, buffer = excluded.buffer
            """,
            new
            {
                keyId = key.Id, instance, region = key.Region, now,
                skew = clockSkew is { } skew ? (long?)skew.TotalMilliseconds : null,
                buffer = buffer is null ? null : Probes.Common.Json.Serialize(buffer),
            }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE agent_keys SET last_seen_at = @now WHERE id = @keyId", new { keyId = key.Id, now }, transaction, cancellationToken: cancellationToken));
        var live = await connection.QueryAsync<(string KeyId, string Instance)>(new CommandDefinition(
            """
            SELECT h.key_id, h.instance FROM agent_heartbeats h JOIN agent_keys k ON k.id = h.key_id
            WHERE h.region = @region AND h.seen_at >= @since AND k.revoked_at IS NULL
            """,
            new { region = key.Region, since = liveSince.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return live.Select(row => $"{row.KeyId}:{row.Instance}").ToList();
    }

    /// <summary>Every agent process heard from since <paramref name="since"/>, with its key's name.</summary>
    public async Task<IReadOnlyList<AgentInstance>> InstancesAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string KeyId, string Name, string Region, string Instance, long SeenAt, long? SkewMs, string? Buffer)>(new CommandDefinition(
            """
            SELECT h.key_id, k.name, h.region, h.instance, h.seen_at, h.clock_skew_ms, h.buffer FROM agent_heartbeats h JOIN agent_keys k ON k.id = h.key_id
            WHERE h.seen_at >= @since AND k.revoked_at IS NULL ORDER BY h.region, k.name, h.instance
            """,
            new { since = since.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return rows.Select(r => new AgentInstance(r.KeyId, r.Name, r.Region, r.Instance, DateTimeOffset.FromUnixTimeMilliseconds(r.SeenAt))
        {
            ClockSkew = r.SkewMs is { } skew ? TimeSpan.FromMilliseconds(skew) : null,
            Buffer = r.Buffer is { } buffer ? Probes.Common.Json.Deserialize<Probes.Agent.BufferState>(buffer) : null,
        }).ToList();
    }

    private sealed record Row
    {
        public string Id { get; init; } = "";

        public string Name { get; init; } = "";

        public string Region { get; init; } = "";

        public long CreatedAt { get; init; }

        public long? RevokedAt { get; init; }

        public long? LastSeenAt { get; init; }

        public AgentKeyInfo ToInfo() => new(Id, Name, Region, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null,
            LastSeenAt is { } seen ? DateTimeOffset.FromUnixTimeMilliseconds(seen) : null);
    }
}
