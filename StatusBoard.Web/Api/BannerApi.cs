using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Maintenance;
using StatusBoard.Web.Api.Statuspage;
using StatusBoard.Web.Services;

namespace StatusBoard.Web.Api;

/// <summary>
/// <c>GET /api/v1/banner?lang=en|zh-CN</c>: the public page's banner in one small answer, for <c>/banner.js</c> on a
/// wallet's own pages: the indicator and its sentence, the newest open incident's title, maintenance in progress, and
/// where to read more. Cached for 5 s, open to any origin, no cookies read or set.
/// </summary>
public static class BannerApi
{
    public static IEndpointRouteBuilder MapBannerApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/banner", async (HttpContext http, HealthService health, IncidentStore incidents, MaintenanceSchedule maintenance,
            ProbeCatalog catalog, IOptions<PageOptions> page, PublicFormat format, TimeProvider time) =>
        {
            var language = PublicTexts.Choose(http.Request.Query["lang"], null, null);
            var states = health.Current();
            var open = await incidents.OpenAsync(http.RequestAborted);
            var indicator = StatuspageView.Indicator(states, open).Indicator;
            var names = catalog.Current.Components.ToDictionary(c => c.Key, c => c.NameIn(language), StringComparer.Ordinal);
            var now = time.GetUtcNow();
            var working = maintenance.Where(MaintenanceStatus.InProgress, now);
            var site = page.Value.Url?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}";
            return TypedResults.Ok(new
            {
                language,
                indicator,
                text = PublicTexts.Get(language, PublicTexts.IndicatorKey(indicator, states)),
                incident = open.Count == 0 ? null : new
                {
                    open[0].Id,
                    title = format.Title(language, open[0], names),
                    status = PublicTexts.Get(language, "incident.status." + Probes.Common.WireNames.ToWire(open[0].Status)),
                    url = $"{site}/incidents/{open[0].Id}?lang={language}",
                },
                maintenance = working.Count == 0 ? null : new { Title = PublicFormat.WrittenText(language, working[0].TitleText), endsAt = working[0].OccurrenceAt(now)?.End },
                more = PublicTexts.Get(language, "banner.more"),
                url = $"{site}/?lang={language}",
                updatedAt = now,
            });
        }).RequireCors(StatuspageApi.CorsPolicy).CacheOutput(policy => policy.Expire(TimeSpan.FromSeconds(5)).SetVaryByQuery("lang")).WithTags("Public");
        return app;
    }
}
