using StatusBoard.Probes.Catalog;
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
            catalog.Current.FindProbe(key) is { } probe ? TypedResults.Ok(WithState(ProbeView.Document(probe, Roles.Allows(http.User, Roles.Admin)), catalog, key)) : NotFound(key))
            .RequireAuthorization(Roles.Viewer).Answers<ProbeDocument>(notFound: true);
        probes.MapPost("/", CreateAsync).RequireAuthorization(ApiKeys.AdminPolicy).ReadsJson<ProbeDocument>().Answers<ProbeDocument>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);
        probes.MapPut("/{key}", UpdateAsync).RequireAuthorization(ApiKeys.AdminPolicy).ReadsJson<ProbeDocument>().Answers<ProbeDocument>(notFound: true).ProducesProblem(StatusCodes.Status409Conflict);
        probes.MapDelete("/{key}", async (string key, ProbeCatalog catalog, CancellationToken cancellationToken) =>
            Answer(await catalog.DeleteProbeAsync(key, cancellationToken), _ => TypedResults.NoContent()))
            .RequireAuthorization(ApiKeys.AdminPolicy).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        probes.MapPost("/{key}/run", RunAsync).RequireAuthorization(Roles.Operator).Answers<ManualRunView>(notFound: true);
        probes.MapPost("/{key}/pause", (string key, ProbeCatalog catalog, HttpContext http) => PauseAsync(key, true, catalog, http)).RequireAuthorization(Roles.Operator).Answers<PauseView>(notFound: true);
        probes.MapPost("/{key}/resume", (string key, ProbeCatalog catalog, HttpContext http) => PauseAsync(key, false, catalog, http)).RequireAuthorization(Roles.Operator).Answers<PauseView>(notFound: true);
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

        return TypedResults.Ok(new ManualRunView([.. results.Select(ResultView.From)], catalog.Current.FindProbe(key)?.Regions.Except(catalog.LocalRegions).ToList() ?? []));
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
            probe => TypedResults.Ok(new PauseView(probe.Key, paused)));
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

/// <summary>What "run now" gives: the results of the regions this node runs, and the probe's regions it does not (their agents run them on their own beat).</summary>
public sealed record ManualRunView(IReadOnlyList<ResultView> Results, IReadOnlyList<string> NotRunHere);

/// <summary>A probe paused or resumed.</summary>
public sealed record PauseView(string Key, bool Paused);
