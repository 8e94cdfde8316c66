using StatusBoard.Web.Services;

namespace StatusBoard.Web.Security;

/// <summary>
/// Headers on every response, pages, APIs, feeds, badges and files alike. Scripts come only from this server (no
/// inline script, no eval), so text that slips into a page can never run; nothing frames the pages; MIME types are
/// what they say; other sites learn only the origin a visitor came from.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var page = app.ApplicationServices.GetRequiredService<IOptions<PageOptions>>().Value;
        var policy = Policy(page.PingUrl, [page.LogoUrl, page.FaviconUrl]);
        return app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            return next(context);
        });
    }

    /// <summary>
    /// The content security policy. Styles may be inline (the dashboard's component library sets style attributes);
    /// scripts may not. The self-check may reach the platform's ping URL from the visitor's browser.
    /// </summary>
    public static string Policy(string? pingUrl, IEnumerable<string?>? images = null)
    {
        var ping = Origin(pingUrl) is { } origin ? " " + origin : "";
        // The platform's logo and icon may be on its own site.
        var imageOrigins = string.Concat((images ?? []).Select(Origin).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Select(o => " " + o));
        return $"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:{imageOrigins}; font-src 'self' data:; "
            + $"connect-src 'self'{ping}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    private static string? Origin(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.GetLeftPart(UriPartial.Authority) : null;
}
