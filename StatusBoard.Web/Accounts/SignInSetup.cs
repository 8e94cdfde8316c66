using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using StatusBoard.Web.Api;
using StatusBoard.Web.Hubs;

namespace StatusBoard.Web.Accounts;

/// <summary>
/// Cookie sign-in for people, bearer API keys for programs, chosen per request; role policies shared by both.
/// Probe traffic to the sandbox carries its own bearer tokens and is never read as an API key.
/// </summary>
public static class SignInSetup
{
    public const string Scheme = "StatusBoard";
    public const string CookieName = "statusboard.session";
    public const string SignInPolicy = "signin-per-client";

    public static IServiceCollection AddSignIn(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration("StatusBoard:Accounts")
            .Validate(o => o.LockoutAttempts >= 1 && o.LockoutDuration > TimeSpan.Zero, "StatusBoard:Accounts:LockoutAttempts must be at least 1 and LockoutDuration positive")
            .Validate(o => o.SignInAttemptsPerMinute >= 1, "StatusBoard:Accounts:SignInAttemptsPerMinute must be at least 1")
            .Validate(o => o.SessionLifetime > TimeSpan.Zero && o.RevalidationInterval > TimeSpan.Zero, "StatusBoard:Accounts:SessionLifetime and RevalidationInterval must be positive")
            .ValidateOnStart();
        services.AddSingleton<UserStore>();
        services.AddSingleton<UserAccounts>();
        services.AddHostedService<BootstrapAdmin>();
        services.AddSingleton<ApiKeys>();
        services.AddHostedService<Services.BootstrapApiKey>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or API key", options => options.ForwardDefaultSelector = SelectScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = "/signin";
                options.AccessDeniedPath = "/signin";
                options.ReturnUrlParameter = "returnUrl";
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = ValidateAsync;
                options.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeys.Scheme, null);
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>().Configure<IOptions<AccountOptions>>((limits, accounts) =>
            // By address whoever asks: a signed-in caller or an API key on the request lifts nothing here.
            limits.AddPolicy(SignInPolicy, http => Security.ClientLimits.Address(http) is { } client
                ? System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(client, _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = accounts.Value.SignInAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter("")));
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AccountOptions>>((cookie, accounts) => cookie.ExpireTimeSpan = accounts.Value.SessionLifetime);

        var authorization = services.AddAuthorizationBuilder();
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(role)));
        }

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        return services;
    }

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapPost("/signin", SignInAsync).RequireRateLimiting(SignInPolicy);
        app.MapPost(ChangePasswordForm, ChangePasswordAsync).RequireAuthorization().RequireRateLimiting(SignInPolicy);
        app.MapPost("/signout", async (HttpContext http, UserAccounts accounts, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            // The form carries a token: another site cannot sign a user out behind their back.
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem(title: "Antiforgery token missing or invalid", detail: "Sign out from the dashboard's own form.", statusCode: StatusCodes.Status400BadRequest);
            }

            await accounts.EndSessionAsync(http.User, http.RequestAborted);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/signin");
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>Whether a path is for programs, which get a 401/403 problem rather than a redirect to the sign-in page.</summary>
    public static bool IsForPrograms(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/sandbox") || path.StartsWithSegments("/metrics");

    private static string SelectScheme(HttpContext http)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/sandbox") && !path.StartsWithSegments("/sandbox/faults"))
        {
            return CookieAuthenticationDefaults.AuthenticationScheme;
        }

        var bearer = http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        var hubToken = path.StartsWithSegments(StatusHub.Path) && http.Request.Query.ContainsKey("access_token");
        return bearer || hubToken ? ApiKeys.Scheme : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var accounts = context.HttpContext.RequestServices.GetRequiredService<UserAccounts>();
        if (context.Principal is null || !await accounts.IsCurrentAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!IsForPrograms(context.Request.Path))
        {
            var target = status == StatusCodes.Status403Forbidden
                ? QueryStringAppend(context.RedirectUri, "denied", "1")
                : context.RedirectUri;
            context.Response.Redirect(target);
            return Task.CompletedTask;
        }

        var detail = status == StatusCodes.Status401Unauthorized
            ? "Sign in, or send an API key as 'Authorization: Bearer <key>'."
            : "Your role may not do this.";
        return Api.JsonBody.WriteProblemAsync(context.Response, status, status == 401 ? "Authentication required" : "Forbidden", detail);
    }

    private static string QueryStringAppend(string uri, string name, string value) =>
        uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + name + "=" + value;

    private static async Task<IResult> SignInAsync(HttpContext http, UserAccounts accounts, [Microsoft.AspNetCore.Mvc.FromForm] SignInForm form)
    {
        var returnUrl = IsLocal(form.ReturnUrl) ? Ascii(form.ReturnUrl!) : "/ops";
        var outcome = await accounts.SignInAsync(form.Email, form.Password, http.RequestAborted);
        if (outcome is SignInOutcome.Success success)
        {
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, await accounts.StartSessionAsync(success.User, http.RequestAborted));
            return Results.LocalRedirect(returnUrl);
        }

        var error = outcome switch
        {
            SignInOutcome.LockedOut => "locked",
            SignInOutcome.Disabled => "disabled",
            _ => "invalid",
        };
        return Results.LocalRedirect($"/signin?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    /// <summary>Where a signed-in person changes their own password: the page, and where its form posts.</summary>
    public const string ChangePasswordPath = "/account/password";

    public const string ChangePasswordForm = "/account/password/change";

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, UserAccounts accounts, [Microsoft.AspNetCore.Mvc.FromForm] PasswordForm form)
    {
        var (principal, errors) = await accounts.ChangePasswordAsync(http.User, form.Current, form.Password, form.Repeat, http.RequestAborted);
        if (principal is null)
        {
            return Results.LocalRedirect($"{ChangePasswordPath}?error={string.Join(',', errors.Fields)}");
        }

        // Every session this person had has ended with the old stamp; this browser goes on with a new one.
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return Results.LocalRedirect($"{ChangePasswordPath}?changed=1");
    }

    /// <summary>A path with every character outside ASCII percent-encoded: a Location header carries ASCII only.</summary>
    private static string Ascii(string path)
    {
        var text = new System.Text.StringBuilder(path.Length);
        foreach (var rune in path.EnumerateRunes())
        {
            text.Append(rune.IsAscii ? rune.ToString() : Uri.EscapeDataString(rune.ToString()));
        }

        return text.ToString();
    }

    /// <summary>Only paths on this site, so that the sign-in page cannot be used to send people elsewhere.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    public sealed class PasswordForm
    {
        public string? Current { get; set; }

        public string? Password { get; set; }

        public string? Repeat { get; set; }
    }

    public sealed class SignInForm
    {
        public string? Email { get; set; }

        public string? Password { get; set; }

        public string? ReturnUrl { get; set; }
    }
}
