using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Reports;
using StatusBoard.Web.Services;

namespace StatusBoard.Web.Api;

/// <summary>
/// <c>POST /api/v1/reports</c>: "I have a problem" from wallet users. Rate limited per client and overall; the
/// client is kept only as a salted hash; the text is stored as given and only ever shown encoded.
/// </summary>
public static partial class ReportsApi
{
    public const string PerClientPolicy = "reports-per-client";

    /// <summary>CORS for the wallet's own site (<c>StatusBoard:Reports:AllowedOrigins</c>) posting reports from a browser.</summary>
    public const string CorsPolicy = "reports-from-allowed-origins";

    // A fresh salt per process: hashes can limit a burst but never be joined to anything, even across restarts.
    private static readonly byte[] Salt = RandomNumberGenerator.GetBytes(32);

    [GeneratedRegex(@"^\d{1,5}(\.\d{1,5}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    public static void AddReportLimits(this RateLimiterOptions options, ReportsOptions limits)
    {
        options.AddPolicy(PerClientPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
            ClientHash(http),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PerClientLimit, Window = limits.PerClientWindow, QueueLimit = 0 }));
    }

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/reports", SubmitAsync).WithTags("Reports").RequireRateLimiting(PerClientPolicy).RequireCors(CorsPolicy)
            .ReadsJson<ReportRequest>().Answers<ReportReceipt>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status403Forbidden);
        // A plain HTML form of an anonymous page: there is no session to forge, and the limits above apply.
        app.MapPost("/report", SubmitFormAsync).RequireRateLimiting(PerClientPolicy).DisableAntiforgery();
        // What on-call reads on /ops/reports: the newest reports, newest first (the text as the user wrote it).
        app.MapGet("/api/v1/reports", async (ReportStore store, int? limit, CancellationToken cancellationToken) =>
            TypedResults.Ok((await store.RecentAsync(limit ?? 100, cancellationToken)).Select(r =>
                new UserReportView(r.Id, r.Component, r.Symptom, r.Region, r.AppVersion, r.Text, r.ClientHash, r.CreatedAt)).ToList()))
            .WithTags("Reports").RequireAuthorization(Accounts.Roles.Viewer);
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, ProbeCatalog catalog, ReportStore store, OverallReportLimit overall, ReportsOptions options, TimeProvider time)
    {
        if (IsForeignBrowser(http.Request, options))
        {
            return ForeignBrowser();
        }

        var (request, problem) = await JsonBody.ReadAsync<ReportRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var (report, errors) = await AcceptAsync(request!, http, catalog, store, overall, time);
        if (errors is not null)
        {
            return errors.IsEmpty
                ? JsonBody.Problem(StatusCodes.Status429TooManyRequests, "Too many reports", "Many people are reporting right now; your report is not needed to see it. Please try again in a few minutes.")
                : TypedResults.ValidationProblem(errors.ToDictionary(), title: "The report is invalid");
        }

        var rate = await store.RateAsync(time.GetUtcNow(), report!.Component, http.RequestAborted);
        return TypedResults.Created($"/api/v1/reports/{report.Id}", new ReportReceipt(report.Id, rate.Recent, rate.Usual, rate.Level));
    }

    private static readonly string[] FormFields = ["component", "symptom", "region", "appVersion", "text"];

    /// <summary>
    /// The public page's form: works without JavaScript. Taken (or refused by the limit), it goes back to the page,
    /// which says so; refused for its fields, the page comes back with each field's problem beside it.
    /// </summary>
    private static async Task<IResult> SubmitFormAsync(HttpContext http, ProbeCatalog catalog, ReportStore store, OverallReportLimit overall, ReportsOptions options, TimeProvider time)
    {
        if (!http.Request.HasFormContentType)
        {
            return JsonBody.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the report as the page's form does (application/x-www-form-urlencoded).");
        }

        // The form has no token (the page is the same for everyone and cached), so its origin is checked instead: another
        // site cannot make its visitors' browsers file reports.
        if (IsForeignBrowser(http.Request, options))
        {
            return ForeignBrowser();
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return JsonBody.Problem(StatusCodes.Status413PayloadTooLarge, "Report too large", "The form was larger than a report can be.");
        }

        var request = new ReportRequest
        {
            Component = form["component"],
            Symptom = form["symptom"],
            Region = form["region"],
            AppVersion = form["appVersion"],
            Text = form["text"],
        };
        var language = PublicTexts.Choose(form["lang"], http.Request.Query["lang"], null);
        var (_, errors) = await AcceptAsync(request, http, catalog, store, overall, time);
        if (errors is { IsEmpty: false })
        {
            var messages = errors.ToDictionary().ToDictionary(pair => pair.Key, pair => PublicTexts.Format(language, "report.error." + pair.Key,
                new Dictionary<string, object> { ["max"] = UserReport.MaxTextLength }));
            var values = FormFields.ToDictionary(field => field, field => form[field].ToString() is { Length: <= UserReport.MaxTextLength * 2 } value ? value : form[field].ToString()[..(UserReport.MaxTextLength * 2)]);
            return await PublicPageEndpoints.ReportRefusedAsync(http, language, messages, values);
        }

        return TypedResults.Redirect($"/?lang={language}&reported={(errors is null ? "thanks" : "limited")}#report");
    }

    /// <summary>
    /// A browser sending for a page of another site: its <c>Origin</c> (<c>null</c> included, as sandboxed frames send)
    /// is neither this host nor one of <see cref="ReportsOptions.AllowedOrigins"/>, or it says <c>Sec-Fetch-Site:
    /// cross-site</c> without an allowed origin. The wallet app's own calls send neither header and are welcome.
    /// </summary>
    internal static bool IsForeignBrowser(HttpRequest request, ReportsOptions options)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            if (options.AllowedOrigins.Any(allowed => string.Equals(allowed.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            return !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
        }

        return request.Headers["Sec-Fetch-Site"].ToString() is "cross-site";
    }

    private static IResult ForeignBrowser() =>
        JsonBody.Problem(StatusCodes.Status403Forbidden, "Cross-site report",
            "Reports are sent from this status page's own form, the wallet app, or a site named in StatusBoard:Reports:AllowedOrigins.");

    /// <summary>Validates and stores a report; errors are empty (not null) when the overall limit refused it.</summary>
    private static async Task<(UserReport? Report, ValidationErrors? Errors)> AcceptAsync(
        ReportRequest request, HttpContext http, ProbeCatalog catalog, ReportStore store, OverallReportLimit overall, TimeProvider time)
    {
        var errors = new ValidationErrors();
        var component = request.Component?.Trim() ?? "";
        if (catalog.Current.FindComponent(component) is null)
        {
            errors.Add("component", $"must be one of: {string.Join(", ", catalog.Current.OrderedComponents.Select(c => c.Key))}");
        }

        var symptom = request.Symptom?.Trim() ?? "";
        if (!UserReport.Symptoms.Contains(symptom))
        {
            errors.Add("symptom", $"must be one of: {string.Join(", ", UserReport.Symptoms)}");
        }

        var region = string.IsNullOrWhiteSpace(request.Region) ? null : request.Region.Trim();
        if (region is not null && !ProbeDefinitionParser.RegionPattern().IsMatch(region))
        {
            errors.Add("region", "must be a region name such as sg");
        }

        var version = string.IsNullOrWhiteSpace(request.AppVersion) ? null : request.AppVersion.Trim();
        if (version is not null && !VersionPattern().IsMatch(version))
        {
            errors.Add("appVersion", "must be a version such as 5.2.1");
        }

        var text = string.IsNullOrWhiteSpace(request.Text) ? null : request.Text.Trim();
        if (text is { Length: > UserReport.MaxTextLength })
        {
            errors.Add("text", $"must be at most {UserReport.MaxTextLength} characters");
        }
        else if (text is not null && text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors.Add("text", "must not contain control characters");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        using var lease = overall.Limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            return (null, new ValidationErrors());
        }

        var report = new UserReport(Guid.CreateVersion7().ToString("N"), component, symptom, region, version, text, ClientHash(http), time.GetUtcNow());
        await store.AddAsync(report, http.RequestAborted);
        return (report, null);
    }

    /// <summary>
    /// The client's network, salted and hashed: what the per-client limit partitions on and what reports are counted
    /// in, so the addresses of one IPv6 /48 (or IPv4 /24) are one client, not 2^80.
    /// </summary>
    private static string ClientHash(HttpContext http) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Salt, Encoding.UTF8.GetBytes(ClientNetwork.Of(http.Connection.RemoteIpAddress))))[..32];

    private sealed class ReportRequest
    {
        public string? Component { get; set; }

        public string? Symptom { get; set; }

        public string? Region { get; set; }

        public string? AppVersion { get; set; }

        public string? Text { get; set; }
    }
}

/// <summary><c>StatusBoard:Reports</c>: how many reports one client, and everyone together, may send.</summary>
public sealed class ReportsOptions
{
    public int PerClientLimit { get; set; } = 5;

    public TimeSpan PerClientWindow { get; set; } = TimeSpan.FromMinutes(10);

    public int OverallPerMinute { get; set; } = 600;

    /// <summary>Distinct client networks whose reports it takes for the verdict to say <c>investigating</c>.</summary>
    public int MinimumNetworks { get; set; } = 5;

    /// <summary>Origins (<c>https://wallet.example</c>) whose pages may send reports from a browser besides this page's own.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>The limit on reports from everyone together, so a flood cannot fill the store.</summary>
public sealed class OverallReportLimit(ReportsOptions options) : IDisposable
{
    public FixedWindowRateLimiter Limiter { get; } = new(new FixedWindowRateLimiterOptions
    {
        PermitLimit = options.OverallPerMinute,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    });

    public void Dispose() => Limiter.Dispose();
}

/// <summary>A report taken, with how many the component has had in the last window against the usual, and what that level is.</summary>
public sealed record ReportReceipt(string Id, int Reports, double Usual, Probes.Reports.ReportLevel Level);

/// <summary>A user's report as on-call reads it; <c>network</c> is a keyed hash of the client's network, never its address.</summary>
public sealed record UserReportView(string Id, string Component, string Symptom, string? Region, string? AppVersion, string? Text,
    [property: System.Text.Json.Serialization.JsonPropertyName("network")] string Network, DateTimeOffset CreatedAt);
