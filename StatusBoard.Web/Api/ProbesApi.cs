using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using System.Text.Json.Nodes;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Web.Api;

/// <summary><c>/api/v1/probes</c>: read, create, change, delete, and run now.</summary>
public static class ProbesApi
{
    public static IEndpointRouteBuilder MapProbesApi(this IEndpointRouteBuilder app)
    {
        var probes = app.MapGroup("/api/v1/probes").WithTags("Probes");
        probes.MapGet("/", async (ProbeCatalog catalog, HttpContext http) =>
        {
            var admin = await IsAdminAsync(http);
            return TypedResults.Ok(catalog.Current.Probes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => View(p, admin)));
        });
        probes.MapGet("/{key}", async (string key, ProbeCatalog catalog, HttpContext http) =>
            catalog.Current.FindProbe(key) is { } probe ? Results.Ok(View(probe, await IsAdminAsync(http))) : NotFound(key));
        probes.MapPost("/", CreateAsync).RequireAuthorization(ApiKeys.AdminPolicy);
        probes.MapPut("/{key}", UpdateAsync).RequireAuthorization(ApiKeys.AdminPolicy);
        probes.MapDelete("/{key}", async (string key, ProbeCatalog catalog, CancellationToken cancellationToken) =>
            Answer(await catalog.DeleteProbeAsync(key, cancellationToken), _ => TypedResults.NoContent()))
            .RequireAuthorization(ApiKeys.AdminPolicy);
        probes.MapPost("/{key}/run", RunAsync).RequireAuthorization(ApiKeys.AdminPolicy);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ProbeCatalog catalog)
    {
        var (document, problem) = await JsonBody.ReadAsync<ProbeDocument>(http);
        return problem ?? Answer(await catalog.CreateProbeAsync(document!, http.RequestAborted),
            probe => TypedResults.Created($"/api/v1/probes/{probe.Key}", View(probe, showSecrets: true)));
    }

    private static async Task<IResult> UpdateAsync(string key, HttpContext http, ProbeCatalog catalog)
    {
        var (document, problem) = await JsonBody.ReadAsync<ProbeDocument>(http);
        return problem ?? Answer(await catalog.UpdateProbeAsync(key, document!, http.RequestAborted),
            probe => TypedResults.Ok(View(probe, showSecrets: true)));
    }

    private static async Task<IResult> RunAsync(string key, ProbeCatalog catalog, ResultPipeline pipeline, ISandboxLocator sandbox, CancellationToken cancellationToken)
    {
        if (catalog.Current.FindProbe(key) is not { } probe)
        {
            return NotFound(key);
        }

        var local = probe.Regions.Where(catalog.LocalRegions.Contains).ToList();
        var results = await Task.WhenAll(local.Select(region =>
            pipeline.RunAsync(probe, new RunContext(region, ResultPipeline.InProcessAgent, sandbox.BaseAddress), cancellationToken)));
        return TypedResults.Ok(new
        {
            results = results.Select(ResultView.From),
            notRunHere = probe.Regions.Except(local).ToList(),
        });
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

    private static async Task<bool> IsAdminAsync(HttpContext http) =>
        (await http.AuthenticateAsync(ApiKeys.Scheme)).Principal?.IsInRole(ApiKeys.AdminRole) == true;

    /// <summary>The probe as written, with where it came from; secret header values masked unless an admin asks.</summary>
    private static JsonObject View(ProbeDefinition probe, bool showSecrets)
    {
        var node = JsonSerializer.SerializeToNode(probe.Document, Json.Options)!.AsObject();
        node["source"] = probe.Source == DefinitionSource.Configuration ? "configuration" : "api";
        if (!showSecrets)
        {
            Mask(node["request"]?["headers"] as JsonObject);
            foreach (var step in node["steps"] as JsonArray ?? [])
            {
                Mask(step?["request"]?["headers"] as JsonObject);
            }
        }

        return node;
    }

    private static void Mask(JsonObject? headers)
    {
        foreach (var name in headers?.Select(pair => pair.Key).Where(Redaction.IsSecretHeader).ToList() ?? [])
        {
            headers![name] = "***";
        }
    }
}
