using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using StatusBoard.Web.Components.Public;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Incidents;
using StatusBoard.Web.Sandbox;

namespace StatusBoard.Web.Services;

/// <summary>
/// <c>/</c> and <c>/status</c>: the public page rendered to plain HTML outside the Blazor endpoint pipeline, so that
/// no antiforgery cookie is set and the output cache can answer the stampede of an outage from memory.
/// </summary>
public static class PublicPageEndpoints
{
    public static IEndpointRouteBuilder MapPublicPage(this IEndpointRouteBuilder app)
    {
        // The plain page comes from PageSnapshots; the output cache keeps only the variants with a user's hints.
        app.MapGet("/", RenderAsync).CacheOutput(PublicPage.HintedPagePolicy).ExcludeFromDescription();
        app.MapGet("/status", RenderAsync).CacheOutput(PublicPage.HintedPagePolicy).ExcludeFromDescription();
        app.MapGet("/history", HistoryAsync).CacheOutput(PublicPage.CachePolicy).ExcludeFromDescription();
        app.MapGet("/incidents/{id}", IncidentAsync).CacheOutput(PublicPage.CachePolicy).ExcludeFromDescription();
        app.MapGet("/history.atom", (HttpContext http, IncidentFeeds feeds) => feeds.AtomAsync(http)).CacheOutput(PublicPage.CachePolicy);
        app.MapGet("/history.rss", (HttpContext http, IncidentFeeds feeds) => feeds.RssAsync(http)).CacheOutput(PublicPage.CachePolicy);
        return app;
    }

    private const int PageSize = 20;

    private static async Task<IResult> HistoryAsync(HttpContext http, IncidentStore store, ProbeCatalog catalog, HtmlRenderer renderer)
    {
        var language = PublicPage.Language(http);
        var page = int.TryParse(http.Request.Query["page"], out var p) && p is >= 1 and <= 10_000 ? p : 1;
        var incidents = await store.RecentAsync(PageSize + 1, (page - 1) * PageSize, http.RequestAborted);
        return await HtmlAsync<HistoryPage>(renderer, language, new Dictionary<string, object?>
        {
            [nameof(HistoryPage.Language)] = language,
            [nameof(HistoryPage.Incidents)] = incidents.Take(PageSize).ToList(),
            [nameof(HistoryPage.Names)] = Names(catalog, language),
            [nameof(HistoryPage.Page)] = page,
            [nameof(HistoryPage.HasOlder)] = incidents.Count > PageSize,
        });
    }

    private static async Task<IResult> IncidentAsync(string id, HttpContext http, IncidentStore store, ProbeCatalog catalog, HtmlRenderer renderer)
    {
        var language = PublicPage.Language(http);
        var incident = id.Length <= 64 ? await store.FindAsync(id, http.RequestAborted) : null;
        return await HtmlAsync<IncidentPage>(renderer, language, new Dictionary<string, object?>
        {
            [nameof(IncidentPage.Language)] = language,
            [nameof(IncidentPage.Incident)] = incident,
            [nameof(IncidentPage.Names)] = Names(catalog, language),
        }, incident is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    private static Dictionary<string, string> Names(ProbeCatalog catalog, string language) =>
        catalog.Current.Components.ToDictionary(c => c.Key, c => c.NameIn(language));

    private static async Task<IResult> HtmlAsync<TPage>(HtmlRenderer renderer, string language, Dictionary<string, object?> parameters, int statusCode = StatusCodes.Status200OK)
        where TPage : IComponent
    {
        return TypedResults.Content(await RenderHtmlAsync<TPage>(renderer, parameters), "text/html; charset=utf-8", statusCode: statusCode);
    }

    internal static Task<string> RenderHtmlAsync<TPage>(HtmlRenderer renderer, Dictionary<string, object?> parameters)
        where TPage : IComponent =>
        renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<TPage>(ParameterView.FromDictionary(parameters))).ToHtmlString());

    private static async Task<IResult> RenderAsync(HttpContext http, PageSnapshots snapshots)
    {
        var language = PublicPage.Language(http);
        var query = http.Request.Query;
        var (region, app, reported) = (Limit(query["region"]), Limit(query["app"]), Limit(query["reported"]));
        http.Response.Headers.ContentLanguage = language;
        if (region is null && app is null && reported is null)
        {
            var page = await snapshots.GetPageAsync(language, services => RenderPlainAsync(services, language));
            return page.ToResult(http, "text/html; charset=utf-8");
        }

        return TypedResults.Content(await RenderPageAsync(http.RequestServices, language, region, app, reported, http.RequestAborted), "text/html; charset=utf-8");
    }

    /// <summary>The page without a user's hints: the one <see cref="PageSnapshots"/> keeps per language.</summary>
    public static async Task<byte[]> RenderPlainAsync(IServiceProvider services, string language) =>
        System.Text.Encoding.UTF8.GetBytes(await RenderPageAsync(services, language, null, null, null, CancellationToken.None));

    /// <summary>
    /// The page with a report form sent back (400): each field's problem beside it, in the page's language, and what
    /// was typed kept. Works without JavaScript, as the form does.
    /// </summary>
    public static async Task<IResult> ReportRefusedAsync(HttpContext http, string language, IReadOnlyDictionary<string, string> errors, IReadOnlyDictionary<string, string> values)
    {
        http.Response.Headers.ContentLanguage = language;
        http.Response.Headers.CacheControl = "no-store";
        var html = await RenderPageAsync(http.RequestServices, language, null, null, null, http.RequestAborted, errors, values);
        return TypedResults.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, StatusCodes.Status400BadRequest);
    }

    private static async Task<string> RenderPageAsync(IServiceProvider services, string language, string? region, string? app, string? reported, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? reportErrors = null, IReadOnlyDictionary<string, string>? reportValues = null)
    {
        var status = services.GetRequiredService<PublicStatus>();
        var sandbox = services.GetRequiredService<SandboxOptions>();
        var page = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PageOptions>>().Value;
        var renderer = services.GetRequiredService<HtmlRenderer>();
        var view = await status.BuildAsync(language, cancellationToken);
        var parameters = new Dictionary<string, object?>
        {
            [nameof(PublicStatusPage.Language)] = language,
            [nameof(PublicStatusPage.View)] = view,
            [nameof(PublicStatusPage.SandboxEnabled)] = sandbox.Enabled,
            [nameof(PublicStatusPage.EmailSubscriptions)] = services.GetRequiredService<Subscribers.Subscriptions>().EmailAvailable,
            [nameof(PublicStatusPage.PingUrl)] = page.PingUrl ?? (sandbox.Enabled ? "/sandbox/ping" : null),
            [nameof(PublicStatusPage.PingRegional)] = page.PingUrl is null && sandbox.Enabled,
            [nameof(PublicStatusPage.RegionHint)] = region,
            [nameof(PublicStatusPage.AppHint)] = app,
            [nameof(PublicStatusPage.Reported)] = reported,
            [nameof(PublicStatusPage.ReportErrors)] = reportErrors ?? new Dictionary<string, string>(),
            [nameof(PublicStatusPage.ReportValues)] = reportValues ?? new Dictionary<string, string>(),
        };
        return await RenderHtmlAsync<PublicStatusPage>(renderer, parameters);
    }

    private static string? Limit(string? value) => string.IsNullOrEmpty(value) ? null : value.Length > 32 ? value[..32] : value;
}
