namespace StatusBoard.Web.Accounts;

/// <summary>A person who signs in to /ops and /reports, as stored.</summary>
public sealed record User
{
    public required string Id { get; init; }

    public required string Email { get; init; }

    public required string Name { get; init; }

    public required string Role { get; init; }

    public string PasswordHash { get; init; } = "";

    /// <summary>Changes with the password, role or disabled flag; a session whose stamp differs is over.</summary>
    public required string Stamp { get; init; }

    public long FailedCount { get; init; }

    public DateTimeOffset? LockedUntil { get; init; }

    public bool Disabled { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastSignInAt { get; init; }
}
