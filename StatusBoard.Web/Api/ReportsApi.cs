using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Definitions;
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
        app.MapPost("/api/v1/reports", SubmitAsync).WithTags("Reports").RequireRateLimiting(PerClientPolicy);
        // A plain HTML form of an anonymous page: there is no session to forge, and the limits above apply.
        app.MapPost("/report", SubmitFormAsync).RequireRateLimiting(PerClientPolicy).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, ProbeCatalog catalog, ReportStore store, OverallReportLimit overall, TimeProvider time)
    {
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
        return TypedResults.Created($"/api/v1/reports/{report.Id}", new { id = report.Id, reports = rate.Recent, usual = rate.Usual, level = rate.Level });
    }

    /// <summary>The public page's form: works without JavaScript, answers by going back to the page.</summary>
    private static async Task<IResult> SubmitFormAsync(HttpContext http, ProbeCatalog catalog, ReportStore store, OverallReportLimit overall, TimeProvider time)
    {
        if (!http.Request.HasFormContentType)
        {
            return JsonBody.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the report as the page's form does (application/x-www-form-urlencoded).");
        }

        // The form has no token (the page is the same for everyone and cached), so its origin is checked instead: another
        // site cannot make its visitors' browsers file reports.
        if (IsCrossSite(http.Request))
        {
            return JsonBody.Problem(StatusCodes.Status403Forbidden, "Cross-site report", "Reports are sent from this status page's own form.");
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
        var language = PublicTexts.Choose(form["lang"], null, null);
        var (_, errors) = await AcceptAsync(request, http, catalog, store, overall, time);
        var outcome = errors is null ? "thanks" : errors.IsEmpty ? "limited" : "invalid";
        return TypedResults.Redirect($"/?lang={language}&reported={outcome}#report");
    }

    /// <summary>A form sent by a page of another site: the browser says so (Sec-Fetch-Site), or its Origin is not this host.</summary>
    private static bool IsCrossSite(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && origin != "null" && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

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

    private static string ClientHash(HttpContext http)
    {
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return Convert.ToHexStringLower(HMACSHA256.HashData(Salt, Encoding.UTF8.GetBytes(client)))[..32];
    }

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
