using StatusBoard.Web.Hubs;

namespace StatusBoard.Web.Security;

/// <summary>
/// What a signed-in person's browser may be made to do by a page of another origin: nothing. A request that rides on
/// the sign-in cookie (it carries no API key) and writes through the API — or opens the live hub — must come from this
/// origin (<c>Origin</c>, or <c>Sec-Fetch-Site: same-origin</c> where a browser sends no <c>Origin</c>), and an API
/// write's body must be a document type (JSON or YAML), never the <c>text/plain</c> or form a cross-site page can send
/// without asking. Requests with an API key are programs, not browsers, and are unaffected; /ops forms carry their own
/// antiforgery tokens.
/// </summary>
public static class CrossSiteWrites
{
    private static readonly string[] DocumentTypes = ["application/json", "text/json", "application/yaml", "application/x-yaml", "text/yaml"];

    public static IApplicationBuilder UseCrossSiteWriteGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (Refusal(http.Request, http.User.Identity?.IsAuthenticated == true) is { } refusal)
        {
            await Api.JsonBody.WriteProblemAsync(http.Response, refusal.Status, refusal.Title, refusal.Detail, http.RequestAborted);
            return;
        }

        await next(http);
    });

    /// <summary>Why a request is refused, or null when it may go on.</summary>
    public static (int Status, string Title, string Detail)? Refusal(HttpRequest request, bool authenticated)
    {
        var hub = request.Path.StartsWithSegments(StatusHub.Path);
        var write = request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method);
        if (!authenticated || (!hub && !write) || CarriesApiKey(request))
        {
            return null;
        }

        var origin = request.Headers.Origin.ToString();
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var sameOrigin = origin.Length > 0
            ? Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            : site is "same-origin" || (hub && site.Length == 0);
        if (!sameOrigin)
        {
            return (StatusCodes.Status403Forbidden, "Cross-site request refused",
                "A request signed in by cookie must come from StatusBoard's own pages (Origin or Sec-Fetch-Site: same-origin); programs use an API key.");
        }

        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (write && hasBody && !IsDocument(request.ContentType))
        {
            return (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the body as {string.Join(" or ", DocumentTypes[..2])} (YAML where the endpoint takes it), not '{request.ContentType}'.");
        }

        return null;
    }

    private static bool CarriesApiKey(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Query.ContainsKey("access_token");

    private static bool IsDocument(string? contentType)
    {
        var type = contentType?.Split(';', 2)[0].Trim() ?? "";
        return DocumentTypes.Contains(type, StringComparer.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
