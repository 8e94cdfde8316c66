using System.Net;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Health;
using StatusBoard.Web.Api.Statuspage;
using StatusBoard.Web.Services;

namespace StatusBoard.Web.Api;

/// <summary>
/// SVG badges per component for READMEs and wikis: <c>/badges/{component}/status.svg</c> and
/// <c>/badges/{component}/uptime.svg</c> (90 days), in English or Chinese (<c>?lang=zh-CN</c>). They show only what
/// the public page shows, in its words; a component that is not there is a badge saying so (404), never a broken image.
/// </summary>
public static class BadgesApi
{
    /// <summary>How long a reader (or an image proxy such as GitHub's) may keep a badge.</summary>
    public const string CacheControl = "public, max-age=30";

    public static IEndpointRouteBuilder MapBadgesApi(this IEndpointRouteBuilder app)
    {
        var badges = app.MapGroup("/badges/{component}").WithTags("Badges").RequireCors(StatuspageApi.CorsPolicy)
            .CacheOutput(policy => policy.Expire(TimeSpan.FromSeconds(5)).SetVaryByQuery("lang"));
        badges.MapGet("/status.svg", (string component, HttpContext http, ProbeCatalog catalog, HealthService health) =>
        {
            var language = PublicTexts.Choose(http.Request.Query["lang"], null, null);
            http.Response.Headers.CacheControl = CacheControl;
            if (catalog.Current.FindComponent(component) is not { } found)
            {
                return Missing(language);
            }

            // No health for it yet (just added, or nothing reports): no data, never "operational".
            var status = health.Current().FirstOrDefault(c => c.Key == component)?.Status ?? HealthStatus.Blind;
            return Svg(found.NameIn(language), PublicTexts.Get(language, "status." + status.ToWire()), ColourOf(status));
        });
        badges.MapGet("/uptime.svg", async (string component, HttpContext http, ProbeCatalog catalog, UptimeService uptime, CancellationToken cancellationToken) =>
        {
            var language = PublicTexts.Choose(http.Request.Query["lang"], null, null);
            http.Response.Headers.CacheControl = CacheControl;
            if (catalog.Current.FindComponent(component) is not { } found)
            {
                return Missing(language);
            }

            var label = PublicTexts.Format(language, "badge.uptime", new Dictionary<string, object> { ["component"] = found.NameIn(language) });
            var days = (await uptime.LastDaysAsync([component], cancellationToken))[component];
            var total = days.Sum(d => d.Total);
            if (total == 0)
            {
                return Svg(label, PublicTexts.Get(language, "status.blind"), "#9f9f9f");
            }

            var share = (double)days.Sum(d => d.Good) / total;
            return Svg(label, share.ToString("P2", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal),
                share >= 0.999 ? "#2da44e" : share >= 0.99 ? "#d4a72c" : "#cf222e");
        });
        return app;
    }

    /// <summary>A badge for a component that is not there: an image that says so, with 404.</summary>
    private static IResult Missing(string language) =>
        Svg(PublicTexts.Get(language, "badge.label"), PublicTexts.Get(language, "badge.unknown"), "#6e7781", StatusCodes.Status404NotFound);

    private static string ColourOf(HealthStatus status) => status switch
    {
        HealthStatus.Operational => "#2da44e",
        HealthStatus.DegradedPerformance => "#d4a72c",
        HealthStatus.PartialOutage => "#e16f24",
        HealthStatus.MajorOutage => "#cf222e",
        _ => "#6e7781",
    };

    /// <summary>A flat two-part badge. Every text is XML-escaped: names come from configuration and the API.</summary>
    public static IResult Svg(string label, string value, string colour, int statusCode = StatusCodes.Status200OK)
    {
        var left = Width(label);
        var right = Width(value);
        var total = left + right;
        var l = WebUtility.HtmlEncode(label);
        var v = WebUtility.HtmlEncode(value);
        var svg = $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{l}: {v}">
            <title>{l}: {v}</title>
            <rect width="{left}" height="20" fill="#555"/><rect x="{left}" width="{right}" height="20" fill="{colour}"/>
            <g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
            <text x="{left / 2}" y="14">{l}</text><text x="{left + right / 2}" y="14">{v}</text>
            </g></svg>
            """;
        return TypedResults.Text(svg, "image/svg+xml; charset=utf-8", statusCode: statusCode);
    }

    // Wide characters (CJK) take about twice the width of Latin ones.
    private static int Width(string text) => 10 + text.Sum(c => c > 0x2E80 ? 12 : 7);
}
