using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Api;

/// <summary>
/// API keys (<c>Authorization: Bearer …</c>): stored as SHA-256 hashes, never in clear. A key of high entropy needs no
/// slow hash; the clear key is shown once, when it is made.
/// </summary>
public sealed class ApiKeys(Database database, TimeProvider time)
{
    /// <summary>The tables of API keys: <c>Api/Migrations</c> beside this store.</summary>
    public static SchemaModule Schema { get; } = new("api-keys", typeof(ApiKeys).Assembly, "Api.Migrations");

    public const string Scheme = "ApiKey";
    public const string AdminPolicy = "admin";
    public const string AdminRole = "admin";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Makes sure the key from <c>StatusBoard:Bootstrap:AdminApiKey</c> exists, for automation.</summary>
    public async Task EnsureAsync(string name, string key, string role, CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO api_keys (id, name, role, hash, created_at) VALUES (@id, @name, @role, @hash, @now)
            ON CONFLICT (hash) DO UPDATE SET role = excluded.role, revoked_at = NULL
            """,
            new { id = Guid.NewGuid().ToString("N"), name, role, hash = Hash(key), now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Makes a key; the clear key is returned here and never again.</summary>
    public async Task<(ApiKeyInfo Info, string Key)> CreateAsync(string name, string role, CancellationToken cancellationToken)
    {
        var key = "sb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var info = new ApiKeyInfo(Guid.NewGuid().ToString("N"), name, role, time.GetUtcNow(), null);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (id, name, role, hash, created_at) VALUES (@id, @name, @role, @hash, @now)",
            new { id = info.Id, name, role, hash = Hash(key), now = info.CreatedAt.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return (info, key);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Id, string Name, string Role, long CreatedAt, long? RevokedAt)>(new CommandDefinition(
            "SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at DESC", cancellationToken: cancellationToken));
        return rows.Select(row => new ApiKeyInfo(row.Id, row.Name, row.Role, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
            row.RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null)).ToList();
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL",
            new { id, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task<(string Name, string Role)?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Name, string Role)?>(new CommandDefinition(
            "SELECT name, role FROM api_keys WHERE hash = @hash AND revoked_at IS NULL",
            new { hash = Hash(key) },
            cancellationToken: cancellationToken));
        return row;
    }
}

/// <summary>An API key as listed: never the key itself.</summary>
public sealed record ApiKeyInfo(string Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Signs a request in from its bearer API key.</summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        string key;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = header["Bearer ".Length..].Trim();
        }
        else if (Request.Path.StartsWithSegments(Hubs.StatusHub.Path) && Request.Query["access_token"].ToString() is { Length: > 0 } token)
        {
            // Browsers cannot set headers on WebSockets; SignalR clients send the key in the query instead.
            key = token.Trim();
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        if (key.StartsWith(Agents.AgentKeys.Prefix, StringComparison.Ordinal))
        {
            // An agent key, checked by the agent endpoints themselves: not an API key that failed (which would say so
            // in the log on every beat of every agent).
            return AuthenticateResult.NoResult();
        }

        if (key.Length is 0 or > 512)
        {
            return AuthenticateResult.Fail("Malformed API key");
        }

        var found = await keys.FindAsync(key, Context.RequestAborted);
        if (found is not { } identity)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key");
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, identity.Name), new Claim(ClaimTypes.Role, identity.Role)], ApiKeys.Scheme));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiKeys.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required", "Send an API key as 'Authorization: Bearer <key>'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "This API key's role may not do this.");

    private Task WriteProblemAsync(int status, string title, string detail) => JsonBody.WriteProblemAsync(Response, status, title, detail);
}
