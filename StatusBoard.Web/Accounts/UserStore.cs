using Dapper;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Accounts;

/// <summary>The <c>users</c> table.</summary>
public sealed class UserStore(Database database)
{
    /// <summary>The tables of users and their sessions: <c>Accounts/Migrations</c> beside this store.</summary>
    public static SchemaModule Schema { get; } = new("accounts", typeof(UserStore).Assembly, "Accounts.Migrations");

    private const string Columns = """
        id AS Id, email AS Email, name AS Name, role AS Role, password_hash AS PasswordHash, stamp AS Stamp,
        failed_count AS FailedCount, locked_until AS LockedUntil, disabled AS Disabled, created_at AS CreatedAt, last_sign_in_at AS LastSignInAt
        """;

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM users", cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition($"SELECT {Columns} FROM users ORDER BY email", cancellationToken: cancellationToken));
        return rows.Select(row => row.ToUser()).ToList();
    }

    public Task<User?> FindByIdAsync(string id, CancellationToken cancellationToken) => FindAsync("id = @value", id, cancellationToken);

    public Task<User?> FindByEmailAsync(string email, CancellationToken cancellationToken) => FindAsync("email = @value", email, cancellationToken);

    /// <summary>Adds a user; false when the e-mail address is taken.</summary>
    public async Task<bool> CreateAsync(User user, CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var added = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO users (id, email, name, role, password_hash, stamp, disabled, created_at)
            VALUES (@Id, @Email, @Name, @Role, @PasswordHash, @Stamp, 0, @CreatedAt)
            ON CONFLICT (email) DO NOTHING
            """,
            new { user.Id, user.Email, user.Name, user.Role, user.PasswordHash, user.Stamp, CreatedAt = user.CreatedAt.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return added == 1;
    }

    /// <summary>Changes what an admin may change; every change takes a new stamp, which ends the user's sessions.</summary>
    public async Task<bool> UpdateAsync(string id, string role, bool disabled, string? passwordHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE users SET role = @role, disabled = @disabled, password_hash = COALESCE(@passwordHash, password_hash),
                failed_count = CASE WHEN @passwordHash IS NULL THEN failed_count ELSE 0 END,
                locked_until = CASE WHEN @passwordHash IS NULL THEN locked_until ELSE NULL END,
                stamp = @stamp
            WHERE id = @id
            """,
            new { id, role, disabled = disabled ? 1 : 0, passwordHash, stamp = NewStamp() },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Claims one password check, atomically, before the password is looked at: counted as a failure until it proves
    /// right, the account locked for <paramref name="lockFor"/> at the <paramref name="limit"/>th. Null while the account
    /// is locked: however many sign-ins arrive at once, at most <paramref name="limit"/> passwords are checked.
    /// </summary>
    public async Task<(long Count, DateTimeOffset? LockedUntil)?> ClaimAttemptAsync(string id, int limit, TimeSpan lockFor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Every SET reads the row as it was: an expired lock starts the count again at this attempt.
        var claimed = await connection.QuerySingleOrDefaultAsync<ClaimRow>(new CommandDefinition(
            """
            UPDATE users SET
                failed_count = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_count + 1 END,
                locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_count + 1 END) >= @limit THEN @until ELSE NULL END
            WHERE id = @id AND (locked_until IS NULL OR locked_until <= @now)
            RETURNING failed_count AS Count, locked_until AS LockedUntil
            """,
            new { id, limit, now = now.ToUnixTimeMilliseconds(), until = (now + lockFor).ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return claimed is null ? null : (claimed.Count, claimed.LockedUntil is { } until ? DateTimeOffset.FromUnixTimeMilliseconds(until) : null);
    }

    private sealed class ClaimRow
    {
        public long Count { get; init; }
        public long? LockedUntil { get; init; }
    }

    public async Task RecordSuccessAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_count = 0, locked_until = NULL, last_sign_in_at = @now WHERE id = @id",
            new { id, now = now.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Opens a session for a sign-in; sessions that ended more than <paramref name="keep"/> ago are forgotten.</summary>
    public async Task<string> StartSessionAsync(string userId, DateTimeOffset now, TimeSpan keep, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM sessions WHERE ended_at < @forget;
            INSERT INTO sessions (id, user_id, started_at) VALUES (@id, @userId, @now);
            """,
            new { id, userId, now = now.ToUnixTimeMilliseconds(), forget = (now - keep).ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return id;
    }

    public async Task EndSessionAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sessions SET ended_at = @now WHERE id = @id AND ended_at IS NULL", new { id, now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    /// <summary>The user of a session that has not ended, with the session checked in the same read.</summary>
    public async Task<User?> FindBySessionAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM users
            WHERE id = @userId AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = @sessionId AND s.user_id = users.id AND s.ended_at IS NULL)
            """,
            new { userId, sessionId }, cancellationToken: cancellationToken));
        return row?.ToUser();
    }

    public static string NewStamp() => Guid.NewGuid().ToString("N");

    private async Task<User?> FindAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE {where}", new { value }, cancellationToken: cancellationToken));
        return row?.ToUser();
    }

    private sealed record UserRow
    {
        public string Id { get; init; } = "";
        public string Email { get; init; } = "";
        public string Name { get; init; } = "";
        public string Role { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public string Stamp { get; init; } = "";
        public long FailedCount { get; init; }
        public long? LockedUntil { get; init; }
        public long Disabled { get; init; }
        public long CreatedAt { get; init; }
        public long? LastSignInAt { get; init; }

        public User ToUser() => new()
        {
            Id = Id,
            Email = Email,
            Name = Name,
            Role = Role,
            PasswordHash = PasswordHash,
            Stamp = Stamp,
            FailedCount = FailedCount,
            LockedUntil = LockedUntil is { } locked ? DateTimeOffset.FromUnixTimeMilliseconds(locked) : null,
            Disabled = Disabled != 0,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            LastSignInAt = LastSignInAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        };
    }
}
