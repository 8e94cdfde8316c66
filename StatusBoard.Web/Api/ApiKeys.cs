using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Api;

/// <summary>
/// API keys (<c>Authorization: Bearer …</c>): stored as SHA-256 hashes, never in clear. A key of high entropy needs no
/// slow hash; the clear key is shown once, when it is made.
/// </summary>
public sealed class ApiKeys(SqliteDatabase database, TimeProvider time)
{
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

/// <summary>Signs a request in from its bearer API key.</summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header["Bearer ".Length..].Trim();
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
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required", "Send an admin API key as 'Authorization: Bearer <key>'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "This API key may not make this change; an admin key is needed.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Response.WriteAsJsonAsync(new { type = "about:blank", title, status, detail }, options: null, contentType: "application/problem+json");
    }
}
