using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Diagnostics;
using StatusBoard.Web.Components.Public;

namespace StatusBoard.Web.Services;

/// <summary>
/// Every error answer a browser shows as a page — 404, 429, a failure on the server, any other refusal — in the
/// reader's language with the public page's look; programs (and <c>/api</c>) get the problem JSON instead. No
/// developer text outside Development.
/// </summary>
public static class ErrorPages
{
    private static readonly Func<StatusCodeContext, Task> PlainStatus = new StatusCodePagesOptions().HandleAsync;

    /// <summary>Whether the request is a browser asking for a page, which is answered with one.</summary>
    public static bool WantsPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !request.Path.StartsWithSegments("/api")
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    public static string KindOf(int statusCode) => statusCode switch
    {
        StatusCodes.Status404NotFound => "missing",
        StatusCodes.Status429TooManyRequests => "limited",
        >= 500 => "failed",
        _ => "refused",
    };

    /// <summary>For <c>UseStatusCodePages</c>: an error answered with no body becomes the page, or the plain status line.</summary>
    public static async Task WriteStatusAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (!WantsPage(http.Request))
        {
            await PlainStatus(context);
            return;
        }

        await WriteAsync(http, KindOf(http.Response.StatusCode));
    }

    /// <summary>For <c>UseExceptionHandler</c> outside Development: a failure is a 500 that says nothing of its cause.</summary>
    public static async Task WriteFailureAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        if (WantsPage(http.Request))
        {
            await WriteAsync(http, "failed");
            return;
        }

        await Api.JsonBody.WriteProblemAsync(http.Response, StatusCodes.Status500InternalServerError, "The server failed",
            $"The request could not be answered because of a problem on the server; it is logged as {TraceId(http)}.", http.RequestAborted);
    }

    /// <summary>Writes the page for the answer's status code, which the caller has set.</summary>
    public static async Task WriteAsync(HttpContext http, string kind)
    {
        var renderer = http.RequestServices.GetRequiredService<HtmlRenderer>();
        var language = PublicPage.Language(http);
        var retryAfter = int.TryParse(http.Response.Headers.RetryAfter.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : (int?)null;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.ContentLanguage = language;
        http.Response.Headers.CacheControl = "no-store";
        var html = await PublicPageEndpoints.RenderHtmlAsync<ErrorPage>(renderer, new Dictionary<string, object?>
        {
            [nameof(ErrorPage.Language)] = language,
            [nameof(ErrorPage.Kind)] = kind,
            [nameof(ErrorPage.RetryAfter)] = kind == "limited" ? retryAfter : null,
            [nameof(ErrorPage.RequestId)] = kind == "failed" ? TraceId(http) : null,
        });
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.WriteAsync(html, http.RequestAborted);
        }
    }

    private static string TraceId(HttpContext http) => System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
}
