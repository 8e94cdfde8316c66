using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using StatusBoard.Web.Components.Public;
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
        app.MapGet("/", RenderAsync).CacheOutput(PublicPage.CachePolicy).ExcludeFromDescription();
        app.MapGet("/status", RenderAsync).CacheOutput(PublicPage.CachePolicy).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> RenderAsync(HttpContext http, PublicStatus status, SandboxOptions sandbox, HtmlRenderer renderer)
    {
        var language = PublicPage.Language(http);
        var view = await status.BuildAsync(language, http.RequestAborted);
        var query = http.Request.Query;
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(PublicStatusPage.Language)] = language,
            [nameof(PublicStatusPage.View)] = view,
            [nameof(PublicStatusPage.SandboxEnabled)] = sandbox.Enabled,
            [nameof(PublicStatusPage.RegionHint)] = Limit(query["region"]),
            [nameof(PublicStatusPage.AppHint)] = Limit(query["app"]),
            [nameof(PublicStatusPage.Reported)] = Limit(query["reported"]),
        });
        var html = await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<PublicStatusPage>(parameters)).ToHtmlString());
        http.Response.Headers.ContentLanguage = language;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static string? Limit(string? value) => string.IsNullOrEmpty(value) ? null : value.Length > 32 ? value[..32] : value;
}
