using System.Text.Json.Nodes;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Configuration;
using StatusBoard.Web.Accounts;

namespace StatusBoard.Web.Api;

/// <summary>
/// Configuration as code (admin): <c>GET /api/v1/config</c> exports components, probes, maintenance and channels as
/// JSON or YAML (<c>?format=yaml</c>); <c>POST /api/v1/config</c> imports one, all or nothing (<c>?dryRun=true</c> only
/// says what would change, <c>?prune=true</c> also removes what the document leaves out); imports from Uptime Kuma
/// and Gatus; <c>GET /api/v1/config/status</c> tells how the watched directory last loaded.
/// </summary>
public static class ConfigApi
{
    public static IEndpointRouteBuilder MapConfigApi(this IEndpointRouteBuilder app)
    {
        var config = app.MapGroup("/api/v1/config").WithTags("Configuration").RequireAuthorization(Roles.Admin);
        config.MapGet("/", async Task<IResult> (HttpContext http, ConfigExporter exporter) =>
        {
            var document = await exporter.ExportAsync(http.RequestAborted);
            var node = JsonNode.Parse(Json.Serialize(document));
            return http.Request.Query["format"] == "yaml" || http.Request.Headers.Accept.ToString().Contains("yaml", StringComparison.OrdinalIgnoreCase)
                ? TypedResults.Text(ConfigFormat.ToYaml(node), "application/yaml; charset=utf-8")
                : TypedResults.Json(node);
        }).Answers<ConfigDocument>().Produces<string>(StatusCodes.Status200OK, "application/yaml");
        config.MapPost("/", (HttpContext http, ConfigImporter importer) =>
            ImportAsync(http, importer, node => ConfigFormat.Bind<ConfigDocument>(node, out var error) is { } document ? new(document, [], null, null) : new(null, [], error, null)))
            .Imports<ConfigDocument>();
        config.MapPost("/import/kuma", (HttpContext http, ConfigImporter importer, ProbeCatalog catalog) =>
            Component(http, catalog) is not { } component ? ComponentProblem(catalog)
            : ImportAsync(http, importer, node => Foreign(ForeignImports.FromKuma(node, component, Regions(http, catalog)), "Uptime Kuma monitor")))
            .Imports<JsonObject>();
        config.MapPost("/import/gatus", (HttpContext http, ConfigImporter importer, ProbeCatalog catalog) =>
            Component(http, catalog) is not { } component ? ComponentProblem(catalog)
            : ImportAsync(http, importer, node => Foreign(ForeignImports.FromGatus(node, component, key => catalog.Current.FindComponent(key) is not null, Regions(http, catalog)), "Gatus endpoint")))
            .Imports<JsonObject>();
        config.MapGet("/status", (ConfigDirectory directory) => TypedResults.Ok(new ConfigDirectoryView(directory.Path, directory.Last)));
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpContext http, ConfigImporter importer, Func<JsonNode?, Read> read)
    {
        var (text, problem) = await JsonBody.ReadTextAsync(http, ConfigFormat.MaxBytes);
        if (problem is not null)
        {
            return problem;
        }

        var node = ConfigFormat.Parse(text!, out var parseError);
        if (parseError is not null)
        {
            return JsonBody.Problem(StatusCodes.Status400BadRequest, "Malformed document", $"The body is not JSON or YAML: {parseError}");
        }

        var (document, skipped, shapeError, label) = read(node);
        if (document is null)
        {
            return JsonBody.Problem(StatusCodes.Status400BadRequest, "Malformed document", shapeError ?? "The body is not a configuration document.");
        }

        var dryRun = http.Request.Query["dryRun"] == "true";
        var (plan, errors) = await importer.ImportAsync(document, dryRun, prune: http.Request.Query["prune"] == "true", http.RequestAborted);
        return plan is null
            ? TypedResults.ValidationProblem(Named(errors.ToDictionary(), document, label), title: "The configuration is invalid; nothing was changed")
            : TypedResults.Ok(new ImportAnswer(dryRun, !dryRun && plan.ChangesAnything, plan, skipped));
    }

    /// <summary>Says in <c>/openapi/v1.json</c> what an import reads (<typeparamref name="T"/> as JSON or YAML) and answers.</summary>
    private static RouteHandlerBuilder Imports<T>(this RouteHandlerBuilder endpoint) where T : class =>
        endpoint.ReadsJson<T>("application/yaml").Answers<ImportAnswer>();

    private static Read Foreign(ForeignImport import, string label) => new(import.Document, import.Skipped, import.Error, label);

    /// <summary>A foreign file's errors name what its author wrote ("Gatus endpoint 'ledger'.timeout"), not the index of a probe made from it.</summary>
    private static IDictionary<string, string[]> Named(IDictionary<string, string[]> errors, ConfigDocument document, string? label) =>
        label is null ? errors : errors.ToDictionary(
            pair => System.Text.RegularExpressions.Regex.Replace(pair.Key, @"^probes\[(\d+)\]", match =>
                int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var index && index < (document.Probes?.Count ?? 0)
                    ? $"{label} '{document.Probes![index].Name}'" : match.Value),
            pair => pair.Value);

    private static string? Component(HttpContext http, ProbeCatalog catalog) =>
        http.Request.Query["component"].ToString() is { Length: > 0 } key && catalog.Current.FindComponent(key) is not null ? key : null;

    private static Task<IResult> ComponentProblem(ProbeCatalog catalog) => Task.FromResult<IResult>(TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["component"] = [$"name the component the imported probes belong to: one of {string.Join(", ", catalog.Current.Components.Select(c => c.Key))}"],
    }));

    private static IReadOnlyList<string> Regions(HttpContext http, ProbeCatalog catalog) =>
        http.Request.Query["regions"].ToString() is { Length: > 0 } regions
            ? regions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : catalog.LocalRegions;

    /// <summary>A body read as a document; <c>Label</c> names what a foreign file's items are.</summary>
    private sealed record Read(ConfigDocument? Document, IReadOnlyList<string> Skipped, string? Error, string? Label);
}

/// <summary>What an import did or (<c>dryRun</c>) would do: the plan of what is added, changed and removed, and what a foreign file had that could not come over, with why.</summary>
public sealed record ImportAnswer(bool DryRun, bool Applied, ConfigPlan Plan, IReadOnlyList<string> Skipped);

/// <summary>The configuration directory watched (<c>StatusBoard:Config:Directory</c>), and how its last load went.</summary>
public sealed record ConfigDirectoryView(string? Directory, ConfigLoad? Last);
