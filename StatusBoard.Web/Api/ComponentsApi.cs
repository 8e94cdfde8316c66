using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Definitions;

namespace StatusBoard.Web.Api;

/// <summary><c>GET/POST /api/v1/components</c>, and <c>PUT /api/v1/components/{key}</c> (rename, describe, move; admin).</summary>
public static class ComponentsApi
{
    public static IEndpointRouteBuilder MapComponentsApi(this IEndpointRouteBuilder app)
    {
        var components = app.MapGroup("/api/v1/components").WithTags("Components");
        components.MapGet("/", (ProbeCatalog catalog) => TypedResults.Ok(catalog.Current.OrderedComponents.Select(View)));
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
        }).RequireAuthorization(ApiKeys.AdminPolicy);
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
                CatalogChange.Done<ComponentDefinition> done => Results.Ok(View(done.Value)),
                CatalogChange.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors.ToDictionary(), title: "The component is invalid"),
                CatalogChange.NotFound => JsonBody.Problem(StatusCodes.Status404NotFound, "Not found", $"There is no component '{key}'."),
                CatalogChange.Conflict conflict => JsonBody.Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message),
                var other => throw new InvalidOperationException($"Unexpected change {other}"),
            };
        }).RequireAuthorization(ApiKeys.AdminPolicy);
        return app;
    }

    private static object View(ComponentDefinition component) => new
    {
        component.Key,
        component.Name,
        component.Names,
        component.Description,
        component.Position,
        component.Group,
        source = component.Source == DefinitionSource.Configuration ? "configuration" : "api",
    };
}
