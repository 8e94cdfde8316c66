using Microsoft.AspNetCore.Diagnostics;
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
        app.MapGet("/history.atom", (HttpContext http, IncidentStore store, Microsoft.Extensions.Options.IOptions<PageOptions> page) => IncidentFeeds.AtomAsync(http, store, page.Value)).CacheOutput(PublicPage.CachePolicy);
        app.MapGet("/history.rss", (HttpContext http, IncidentStore store, Microsoft.Extensions.Options.IOptions<PageOptions> page) => IncidentFeeds.RssAsync(http, store, page.Value)).CacheOutput(PublicPage.CachePolicy);
        return app;
    }

    private const int PageSize = 20;

    /// <summary>
    /// A 404 with nothing written, for a browser asking for a page (not the API): the public page's look, in the reader's
    /// language, instead of the bare status line.
    /// </summary>
    private static readonly Func<StatusCodeContext, Task> PlainStatus = new Microsoft.AspNetCore.Builder.StatusCodePagesOptions().HandleAsync;

    public static async Task WriteMissingPageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var accepts = http.Request.Headers.Accept.ToString();
        if (http.Response.StatusCode != StatusCodes.Status404NotFound || !HttpMethods.IsGet(http.Request.Method) || http.Request.Path.StartsWithSegments("/api")
            || !accepts.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            await PlainStatus(context);
            return;
        }

        var renderer = http.RequestServices.GetRequiredService<HtmlRenderer>();
        var language = PublicPage.Language(http);
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.ContentLanguage = language;
        await http.Response.WriteAsync(await RenderHtmlAsync<MissingPage>(renderer, new Dictionary<string, object?> { [nameof(MissingPage.Language)] = language }));
    }

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
        return Results.Content(await RenderHtmlAsync<TPage>(renderer, parameters), "text/html; charset=utf-8", statusCode: statusCode);
    }

    private static Task<string> RenderHtmlAsync<TPage>(HtmlRenderer renderer, Dictionary<string, object?> parameters)
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
            var html = await snapshots.GetAsync(language, services => RenderPlainAsync(services, language));
            return Results.Bytes(html, "text/html; charset=utf-8");
        }

        return Results.Bytes(await RenderPageAsync(http.RequestServices, language, region, app, reported, http.RequestAborted), "text/html; charset=utf-8");
    }

    /// <summary>The page without a user's hints: the one <see cref="PageSnapshots"/> keeps per language.</summary>
    public static Task<byte[]> RenderPlainAsync(IServiceProvider services, string language) =>
        RenderPageAsync(services, language, null, null, null, CancellationToken.None);

    private static async Task<byte[]> RenderPageAsync(IServiceProvider services, string language, string? region, string? app, string? reported, CancellationToken cancellationToken)
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
            [nameof(PublicStatusPage.PingUrl)] = page.PingUrl ?? (sandbox.Enabled ? "/sandbox/ping" : null),
            [nameof(PublicStatusPage.PingRegional)] = page.PingUrl is null && sandbox.Enabled,
            [nameof(PublicStatusPage.RegionHint)] = region,
            [nameof(PublicStatusPage.AppHint)] = app,
            [nameof(PublicStatusPage.Reported)] = reported,
        };
        return System.Text.Encoding.UTF8.GetBytes(await RenderHtmlAsync<PublicStatusPage>(renderer, parameters));
    }

    private static string? Limit(string? value) => string.IsNullOrEmpty(value) ? null : value.Length > 32 ? value[..32] : value;
}
