using StatusBoard.Probes.Incidents;

namespace StatusBoard.Web.Api;

/// <summary><c>GET /api/v1/incidents</c> (newest first, <c>limit</c> and <c>offset</c>) and <c>GET /api/v1/incidents/{id}</c>.</summary>
public static class IncidentsApi
{
    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/api/v1/incidents").WithTags("Incidents");
        incidents.MapGet("/", async (HttpContext http, IncidentStore store) =>
        {
            var query = http.Request.Query;
            var limit = 50;
            var offset = 0;
            if ((query["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, out limit) || limit is < 1 or > 500))
                || (query["offset"].ToString() is { Length: > 0 } o && (!int.TryParse(o, out offset) || offset < 0)))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["limit"] = ["limit is a whole number from 1 to 500, offset a whole number from 0"],
                });
            }

            return Results.Ok(PublicView(await store.RecentAsync(limit, offset, http.RequestAborted)));
        });
        incidents.MapGet("/{id}", async (string id, IncidentStore store, CancellationToken cancellationToken) =>
            await store.FindAsync(id, cancellationToken) is { } incident
                ? Results.Ok(PublicView([incident])[0])
                : JsonBody.Problem(StatusCodes.Status404NotFound, "Incident not found", $"There is no incident '{id}'."));
        return app;
    }

    /// <summary>Internal notes stay internal: only public updates leave the server here.</summary>
    private static List<Incident> PublicView(IEnumerable<Incident> incidents) =>
        incidents.Select(i => i with { Updates = i.Updates.Where(u => u.Public).ToList() }).ToList();
}
