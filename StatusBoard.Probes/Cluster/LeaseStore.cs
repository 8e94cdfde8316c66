using Dapper;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Cluster;

/// <summary>The <c>leases</c> table: one row per lease, its holder and when it runs out unless renewed.</summary>
public sealed class LeaseStore(Database database)
{
    /// <summary>
    /// Takes or renews the lease for <paramref name="holder"/> until <paramref name="expires"/>: true when it is now
    /// theirs (it was free, ran out before <paramref name="now"/>, or already theirs), false when another holds it.
    /// </summary>
    public async Task<bool> TryHoldAsync(string name, string holder, DateTimeOffset expires, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at < @now
            """,
            new { name, holder, expires = expires.ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Hands the lease back, when <paramref name="holder"/> has it.</summary>
    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM leases WHERE name = @name AND holder = @holder", new { name, holder }, cancellationToken: cancellationToken));
    }
}
