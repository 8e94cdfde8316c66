using StatusBoard.Probes.Catalog;

namespace StatusBoard.Web.Api;

/// <summary><c>GET/POST /api/v1/components</c>, and <c>PUT /api/v1/components/{key}</c> (rename, describe, move; admin).</summary>
public static class ComponentsApi
{
    public static IEndpointRouteBuilder MapComponentsApi(this IEndpointRouteBuilder app)
    {
        var components = app.MapGroup("/api/v1/components").WithTags("Components");
        components.MapGet("/", (ProbeCatalog catalog) => TypedResults.Ok(catalog.Current.OrderedComponents.Select(View).ToList()));
        components.MapPost("/", async (HttpContext http, ProbeCatalog catalog) =>
        {
            var (document, problem) = await JsonBody.ReadAsync<ComponentDocument>(http);
            if (problem is not null)
            {
                return problem;
            }

            return await catalog.CreateComponentAsync(document!, http.RequestAborted) switch
            {
                CatalogChange.Done<ComponentDefinition> done => TypedResults.Created($"/api/v1/components/{done.Value.Key}", View(done.Value)),
                CatalogChange.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors.ToDictionary(), title: "The component is invalid"),
                CatalogChange.Conflict conflict => JsonBody.Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message),
                var other => throw new InvalidOperationException($"Unexpected change {other}"),
            };
        }).RequireAuthorization(ApiKeys.AdminPolicy).ReadsJson<ComponentDocument>().Answers<ComponentView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);
        components.MapPut("/{key}", async (string key, HttpContext http, ProbeCatalog catalog) =>
        {
            var (document, problem) = await JsonBody.ReadAsync<ComponentDocument>(http);
            if (problem is not null)
            {
                return problem;
            }

            if (document!.Key is { Length: > 0 } named && named != key)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = [$"is '{named}' but the address names '{key}'; a component's key does not change"] }, title: "The component is invalid");
            }

            return await catalog.UpdateComponentAsync(key, document, http.RequestAborted) switch
            {
                CatalogChange.Done<ComponentDefinition> done => TypedResults.Ok(View(done.Value)),
                CatalogChange.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors.ToDictionary(), title: "The component is invalid"),
                CatalogChange.NotFound => JsonBody.Problem(StatusCodes.Status404NotFound, "Not found", $"There is no component '{key}'."),
                CatalogChange.Conflict conflict => JsonBody.Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message),
                var other => throw new InvalidOperationException($"Unexpected change {other}"),
            };
        }).RequireAuthorization(ApiKeys.AdminPolicy).ReadsJson<ComponentDocument>().Answers<ComponentView>(notFound: true).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static ComponentView View(ComponentDefinition component) => new(component.Key, component.Name, component.Names, component.Description, component.Position, component.Group,
        component.Source == DefinitionSource.Configuration ? "configuration" : "api") { Descriptions = component.Descriptions };
}

/// <summary>A component as the API shows it: its names by language, its group's names, and where it was defined (<c>configuration</c> or <c>api</c>).</summary>
public sealed record ComponentView(string Key, string Name, IReadOnlyDictionary<string, string> Names, string? Description, int Position,
    IReadOnlyDictionary<string, string>? Group, string Source)
{
    /// <summary>The description by language, beside <see cref="Description"/>.</summary>
    public IReadOnlyDictionary<string, string> Descriptions { get; init; } = new Dictionary<string, string>();
}
