using StatusBoard.Probes.Incidents;
using StatusBoard.Web.Accounts;

namespace StatusBoard.Web.Api;

/// <summary>
/// <c>GET /api/v1/incidents</c> (newest first, <c>limit</c> and <c>offset</c>) and <c>GET /api/v1/incidents/{id}</c>, open to
/// anyone with public updates only; the writes people make (operator and up).
/// </summary>
public static class IncidentsApi
{
    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/api/v1/incidents").WithTags("Incidents");
        incidents.MapGet("/", async Task<IResult> (HttpContext http, IncidentStore store) =>
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

            return TypedResults.Ok(PublicView(await store.RecentAsync(limit, offset, http.RequestAborted)));
        }).Answers<List<Incident>>().ProducesValidationProblem();
        incidents.MapGet("/{id}", async (string id, IncidentStore store, CancellationToken cancellationToken) =>
            await store.FindAsync(id, cancellationToken) is { } incident
                ? TypedResults.Ok(PublicView([incident])[0])
                : NotFound(id)).Answers<Incident>(notFound: true);

        var write = incidents.MapGroup("/").RequireAuthorization(Roles.Operator);
        write.MapPost("/", async (HttpContext http, IncidentDesk desk) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<ManualIncident>(http);
            return problem ?? Answer(await desk.OpenAsync(request!, By(http), http.RequestAborted), created: true);
        }).ReadsJson<ManualIncident>().Answers<Incident>(StatusCodes.Status201Created);
        write.MapPost("/{id}/acknowledge", async (string id, HttpContext http, IncidentDesk desk) =>
            Answer(await desk.AcknowledgeAsync(id, By(http), http.RequestAborted))).Answers<Incident>(notFound: true);
        write.MapPost("/{id}/updates", async (string id, HttpContext http, IncidentDesk desk) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<UpdateRequest>(http);
            return problem ?? (request!.Status is not { } status
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["is required: investigating, identified, monitoring or resolved"] })
                : Answer(await desk.PostUpdateAsync(id, status, request.Message, By(http), http.RequestAborted)));
        }).ReadsJson<UpdateRequest>().Answers<Incident>(notFound: true);
        write.MapPost("/{id}/notes", async (string id, HttpContext http, IncidentDesk desk) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<UpdateRequest>(http);
            return problem ?? Answer(await desk.AddNoteAsync(id, request!.Message, By(http), http.RequestAborted));
        }).ReadsJson<UpdateRequest>().Answers<Incident>(notFound: true);
        write.MapPatch("/{id}", async (string id, HttpContext http, IncidentDesk desk) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<ImpactRequest>(http);
            return problem ?? Answer(await desk.SetImpactAsync(id, request!.Impact, request.Components, By(http), http.RequestAborted));
        }).ReadsJson<ImpactRequest>().Answers<Incident>(notFound: true);
        write.MapPut("/{id}/postmortem", async (string id, HttpContext http, IncidentDesk desk) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<PostmortemRequest>(http);
            return problem ?? Answer(await desk.WritePostmortemAsync(id, request!.Text, By(http), http.RequestAborted));
        }).ReadsJson<PostmortemRequest>().Answers<Incident>(notFound: true);
        write.MapPost("/{id}/false-alarm", async (string id, HttpContext http, IncidentDesk desk) =>
            Answer(await desk.MarkFalseAlarmAsync(id, By(http), http.RequestAborted))).Answers<Incident>(notFound: true);
        return app;
    }

    /// <summary>Who did it, as the timeline shows: the user's name or the API key's.</summary>
    public static string By(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static IResult Answer(IncidentChange change, bool created = false) => change switch
    {
        IncidentChange.Done done when created => TypedResults.Created($"/api/v1/incidents/{done.Incident.Id}", done.Incident),
        IncidentChange.Done done => TypedResults.Ok(done.Incident),
        IncidentChange.NotFound missing => NotFound(missing.Id),
        IncidentChange.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors.ToDictionary(), title: "The change is invalid"),
        _ => throw new InvalidOperationException($"Unexpected change {change}"),
    };

    private static IResult NotFound(string id) =>
        JsonBody.Problem(StatusCodes.Status404NotFound, "Incident not found", $"There is no incident '{id}'.");

    private sealed record UpdateRequest(IncidentStatus? Status, LocalText? Message);

    private sealed record ImpactRequest(Impact? Impact, IReadOnlyList<string>? Components);

    private sealed record PostmortemRequest(LocalText? Text);

    private static List<Incident> PublicView(IEnumerable<Incident> incidents) => incidents.Select(Public).ToList();

    /// <summary>An incident as anyone may see it: internal notes stay internal, and so do the names of who worked it.</summary>
    public static Incident Public(Incident incident) => incident with
    {
        AcknowledgedBy = null,
        Updates = incident.Updates.Where(u => u.Public).Select(u => u with { Author = null }).ToList(),
    };
}
