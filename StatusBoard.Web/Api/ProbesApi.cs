using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Running;
using StatusBoard.Web.Accounts;

namespace StatusBoard.Web.Api;

/// <summary><c>/api/v1/probes</c>: read, create, change, delete, and run now.</summary>
public static class ProbesApi
{
    public static IEndpointRouteBuilder MapProbesApi(this IEndpointRouteBuilder app)
    {
        var probes = app.MapGroup("/api/v1/probes").WithTags("Probes");
        probes.MapGet("/", (ProbeCatalog catalog, HttpContext http) =>
        {
            var admin = Roles.Allows(http.User, Roles.Admin);
            return TypedResults.Ok(catalog.Current.Probes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => WithState(ProbeView.Document(p, admin), catalog, p.Key)));
        }).RequireAuthorization(Roles.Viewer);
        probes.MapGet("/{key}", (string key, ProbeCatalog catalog, HttpContext http) =>
            catalog.Current.FindProbe(key) is { } probe ? Results.Ok(WithState(ProbeView.Document(probe, Roles.Allows(http.User, Roles.Admin)), catalog, key)) : NotFound(key))
            .RequireAuthorization(Roles.Viewer);
        probes.MapPost("/", CreateAsync).RequireAuthorization(ApiKeys.AdminPolicy);
        probes.MapPut("/{key}", UpdateAsync).RequireAuthorization(ApiKeys.AdminPolicy);
        probes.MapDelete("/{key}", async (string key, ProbeCatalog catalog, CancellationToken cancellationToken) =>
            Answer(await catalog.DeleteProbeAsync(key, cancellationToken), _ => TypedResults.NoContent()))
            .RequireAuthorization(ApiKeys.AdminPolicy);
        probes.MapPost("/{key}/run", RunAsync).RequireAuthorization(Roles.Operator);
        probes.MapPost("/{key}/pause", (string key, ProbeCatalog catalog, HttpContext http) => PauseAsync(key, true, catalog, http)).RequireAuthorization(Roles.Operator);
        probes.MapPost("/{key}/resume", (string key, ProbeCatalog catalog, HttpContext http) => PauseAsync(key, false, catalog, http)).RequireAuthorization(Roles.Operator);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ProbeCatalog catalog)
    {
        var (document, problem) = await JsonBody.ReadAsync<ProbeDocument>(http);
        return problem ?? Answer(await catalog.CreateProbeAsync(document!, http.RequestAborted),
            probe => TypedResults.Created($"/api/v1/probes/{probe.Key}", ProbeView.Document(probe, showSecrets: true)));
    }

    private static async Task<IResult> UpdateAsync(string key, HttpContext http, ProbeCatalog catalog)
    {
        var (document, problem) = await JsonBody.ReadAsync<ProbeDocument>(http);
        return problem ?? Answer(await catalog.UpdateProbeAsync(key, document!, http.RequestAborted),
            probe => TypedResults.Ok(ProbeView.Document(probe, showSecrets: true)));
    }

    private static async Task<IResult> RunAsync(string key, ProbeCatalog catalog, ManualRuns runs, CancellationToken cancellationToken)
    {
        if (await runs.RunNowAsync(key, cancellationToken) is not { } results)
        {
            return NotFound(key);
        }

        return TypedResults.Ok(new
        {
            results = results.Select(ResultView.From),
            notRunHere = catalog.Current.FindProbe(key)?.Regions.Except(catalog.LocalRegions).ToList() ?? [],
        });
    }

    /// <summary>The definition as read back, with whether its schedule is paused (not part of the document itself).</summary>
    private static System.Text.Json.Nodes.JsonObject WithState(System.Text.Json.Nodes.JsonObject document, ProbeCatalog catalog, string key)
    {
        document["paused"] = catalog.Current.IsPaused(key);
        return document;
    }

    private static async Task<IResult> PauseAsync(string key, bool paused, ProbeCatalog catalog, HttpContext http)
    {
        var by = http.User.Identity?.Name ?? "unknown";
        return Answer(await catalog.SetPausedAsync(key, paused, by, http.RequestAborted),
            probe => TypedResults.Ok(new { key = probe.Key, paused }));
    }

    private static IResult Answer(CatalogChange change, Func<ProbeDefinition, IResult> done) => change switch
    {
        CatalogChange.Done<ProbeDefinition> ok => done(ok.Value),
        CatalogChange.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors.ToDictionary(), title: "The probe is invalid"),
        CatalogChange.NotFound missing => NotFound(missing.Key),
        CatalogChange.Conflict conflict => JsonBody.Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message),
        _ => throw new InvalidOperationException($"Unexpected change {change}"),
    };

    private static IResult NotFound(string key) =>
        JsonBody.Problem(StatusCodes.Status404NotFound, "Probe not found", $"There is no probe '{key}'.");
}
