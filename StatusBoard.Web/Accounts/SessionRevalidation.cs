using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace StatusBoard.Web.Accounts;

/// <summary>
/// Re-checks the user of a live dashboard every <see cref="AccountOptions.RevalidationInterval"/>: a disabled user or a
/// changed password (a new stamp) signs the circuit out, and the page sends them to sign in.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggerFactory, UserAccounts accounts, IOptions<AccountOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.Identity?.IsAuthenticated == true
            ? accounts.IsCurrentAsync(authenticationState.User, cancellationToken)
            : Task.FromResult(true);
}
