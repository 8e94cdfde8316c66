using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Health;
using StatusBoard.Web.Services;

namespace StatusBoard.Web.Api;

/// <summary><c>GET /api/v1/verdict?component=&amp;region=&amp;appVersion=</c>: is it the platform, or is it me?</summary>
public static class VerdictApi
{
    public static IEndpointRouteBuilder MapVerdictApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/verdict", DecideAsync).WithTags("Verdict").Answers<Probes.Verdicts.VerdictResult>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> DecideAsync(
        HttpContext http, ProbeCatalog catalog, HealthService health, VerdictService verdicts)
    {
        var query = http.Request.Query;
        var errors = new ValidationErrors();
        var component = query["component"].ToString() is { Length: > 0 } c ? c : null;
        if (component is not null && catalog.Current.FindComponent(component) is null)
        {
            errors.Add("component", $"must be one of: {string.Join(", ", catalog.Current.OrderedComponents.Select(x => x.Key))}");
        }

        var region = query["region"].ToString() is { Length: > 0 } r ? r : null;
        if (region is not null && !ProbeDefinitionParser.RegionPattern().IsMatch(region))
        {
            errors.Add("region", "must be a region name such as sg");
        }

        var version = query["appVersion"].ToString() is { Length: > 0 } v ? v : null;
        if (version is { Length: > 32 })
        {
            errors.Add("appVersion", "must be at most 32 characters");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return TypedResults.Ok(await verdicts.DecideAsync(health.Current(), component, region, version, http.RequestAborted));
    }
}
