namespace StatusBoard.Web.Accounts;

/// <summary><c>StatusBoard:Accounts</c>: lockout and session lifetime.</summary>
public sealed class AccountOptions
{
    /// <summary>Wrong passwords in a row that lock the account.</summary>
    public int LockoutAttempts { get; set; } = 5;

    /// <summary>
    /// Sign-in attempts one client address may make a minute, whatever accounts it tries (password spraying meets this
    /// limit, guessing one account its lockout); loopback is not limited, as with the other per-client limits.
    /// </summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a sign-in lasts without activity (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often a live dashboard re-checks that its user may still be signed in.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);
}
