using System.Net.Mail;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace StatusBoard.Web.Accounts;

/// <summary>Signing in (with lockout) and the changes admins make to users, each validated with a message per field.</summary>
public sealed class UserAccounts(UserStore store, IOptions<AccountOptions> options, TimeProvider time)
{
    public const string StampClaim = "statusboard:stamp";
    public const string SessionClaim = "statusboard:session";
    public const int MinimumPasswordLength = 10;

    private static readonly PasswordHasher<User> Hasher = new();

    // Checked against when the e-mail is unknown, so that a wrong address takes as long as a wrong password.
    private static readonly User Nobody = new() { Id = "", Email = "", Name = "", Role = Roles.Viewer, Stamp = "" };
    private static readonly string NobodyHash = Hasher.HashPassword(Nobody, Guid.NewGuid().ToString());

    public async Task<SignInOutcome> SignInAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var user = string.IsNullOrWhiteSpace(email) || email.Length > 254 ? null : await store.FindByEmailAsync(email.Trim(), cancellationToken);
        if (user is null)
        {
            Hasher.VerifyHashedPassword(Nobody, NobodyHash, password ?? "");
            return new SignInOutcome.Invalid();
        }

        var settings = options.Value;
        if (await store.ClaimAttemptAsync(user.Id, settings.LockoutAttempts, settings.LockoutDuration, now, cancellationToken) is not { } claim)
        {
            return new SignInOutcome.LockedOut(user.LockedUntil ?? now + settings.LockoutDuration);
        }

        var verified = Hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "");
        if (verified == PasswordVerificationResult.Failed)
        {
            return claim.LockedUntil is { } lockedUntil ? new SignInOutcome.LockedOut(lockedUntil) : new SignInOutcome.Invalid();
        }

        if (user.Disabled)
        {
            return new SignInOutcome.Disabled();
        }

        await store.RecordSuccessAsync(user.Id, now, cancellationToken);
        return new SignInOutcome.Success(user);
    }

    public async Task<(User? User, ValidationErrors Errors)> CreateAsync(string? email, string? name, string? role, string? password, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var address = email?.Trim() ?? "";
        if (address.Length is 0 or > 254 || !MailAddress.TryCreate(address, out var parsed) || parsed.Address != address)
        {
            errors.Add("email", "must be an e-mail address such as oncall@example.com");
        }

        var display = string.IsNullOrWhiteSpace(name) ? address : name.Trim();
        if (display.Length > 100 || StatusBoard.Probes.Common.PlainText.HasHidden(display))
        {
            errors.Add("name", "must be at most 100 characters without control characters");
        }

        CheckRole(role, errors);
        CheckPassword(password, errors);
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var user = new User
        {
            Id = Guid.NewGuid().ToString("N"),
            Email = address,
            Name = display,
            Role = role!,
            Stamp = UserStore.NewStamp(),
            CreatedAt = time.GetUtcNow(),
        };
        user = user with { PasswordHash = Hasher.HashPassword(user, password!) };
        if (!await store.CreateAsync(user, cancellationToken))
        {
            errors.Add("email", $"{address} already has an account");
            return (null, errors);
        }

        return (user, errors);
    }

    /// <summary>Changes a user's role, disabled flag and (when given) password; any change ends their sessions.</summary>
    public async Task<ValidationErrors> UpdateAsync(string id, string? role, bool disabled, string? newPassword, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        CheckRole(role, errors);
        if (!string.IsNullOrEmpty(newPassword))
        {
            CheckPassword(newPassword, errors);
        }

        var user = await store.FindByIdAsync(id, cancellationToken);
        if (user is null)
        {
            errors.Add("id", "no such user");
        }

        if (!errors.IsEmpty)
        {
            return errors;
        }

        var hash = string.IsNullOrEmpty(newPassword) ? null : Hasher.HashPassword(user!, newPassword);
        await store.UpdateAsync(id, role!, disabled, hash, cancellationToken);
        return errors;
    }

    /// <summary>
    /// A signed-in person changes their own password: the current one is checked as a sign-in is (it counts towards
    /// the lockout), the new one must be valid, repeated and different. Done, the user's stamp changes, which ends every
    /// session they had, and a new session is opened for the browser that asked (the principal returned).
    /// </summary>
    public async Task<(ClaimsPrincipal? Principal, ValidationErrors Errors)> ChangePasswordAsync(ClaimsPrincipal principal, string? current, string? next, string? repeat, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var user = principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && principal.FindFirstValue(SessionClaim) is not null
            ? await store.FindByIdAsync(id, cancellationToken)
            : null;
        if (user is null)
        {
            errors.Add("current", "sign in first: only a signed-in person changes their own password");
            return (null, errors);
        }

        switch (await SignInAsync(user.Email, current, cancellationToken))
        {
            case SignInOutcome.LockedOut:
                errors.Add("current", "too many wrong passwords: this account is locked for a few minutes");
                break;
            case SignInOutcome.Invalid:
                errors.Add("current", "is not your current password");
                break;
            case SignInOutcome.Disabled:
                errors.Add("current", "this account is disabled");
                break;
        }

        CheckPassword(next, errors);
        if (next is not null && next == current)
        {
            errors.Add("password", "must differ from the current one");
        }

        if (next != repeat)
        {
            errors.Add("repeat", "does not match the new password");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        await store.UpdateAsync(user.Id, user.Role, user.Disabled, Hasher.HashPassword(user, next!), cancellationToken);
        var changed = await store.FindByIdAsync(user.Id, cancellationToken);
        return (await StartSessionAsync(changed!, cancellationToken), errors);
    }

    /// <summary>
    /// Whether a signed-in principal still stands: its session has not been signed out, and the user exists, is enabled
    /// and has the same stamp.
    /// </summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal.FindFirstValue(StampClaim);
        var session = principal.FindFirstValue(SessionClaim);
        if (id is null || stamp is null || session is null)
        {
            return false;
        }

        var user = await store.FindBySessionAsync(id, session, cancellationToken);
        return user is { Disabled: false } && user.Stamp == stamp;
    }

    /// <summary>Opens a server-side session for a user who has just signed in; the principal carries its id.</summary>
    public async Task<ClaimsPrincipal> StartSessionAsync(User user, CancellationToken cancellationToken) =>
        Principal(user, await store.StartSessionAsync(user.Id, time.GetUtcNow(), options.Value.SessionLifetime, cancellationToken));

    /// <summary>Ends the principal's session: its cookie, wherever a copy of it is, signs nobody in again.</summary>
    public async Task EndSessionAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.FindFirstValue(SessionClaim) is { } session)
        {
            await store.EndSessionAsync(session, time.GetUtcNow(), cancellationToken);
        }
    }

    private static ClaimsPrincipal Principal(User user, string session) => new(new ClaimsIdentity(
        [
            new Claim(SessionClaim, session),
            new Claim(ClaimTypes.NameIdentifier, user.Id),
            new Claim(ClaimTypes.Name, user.Name),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(ClaimTypes.Role, user.Role),
            new Claim(StampClaim, user.Stamp),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));

    private static void CheckRole(string? role, ValidationErrors errors)
    {
        if (!Roles.IsValid(role))
        {
            errors.Add("role", $"must be one of: {string.Join(", ", Roles.All)}");
        }
    }

    private static void CheckPassword(string? password, ValidationErrors errors)
    {
        if (password is null || password.Length < MinimumPasswordLength || password.Length > 200)
        {
            errors.Add("password", $"must be {MinimumPasswordLength} to 200 characters");
        }
    }
}

/// <summary>How a sign-in went. A disabled account is told apart only after the right password.</summary>
public abstract record SignInOutcome
{
    private SignInOutcome()
    {
    }

    public sealed record Success(User User) : SignInOutcome;

    public sealed record Invalid : SignInOutcome;

    public sealed record LockedOut(DateTimeOffset Until) : SignInOutcome;

    public sealed record Disabled : SignInOutcome;
}
