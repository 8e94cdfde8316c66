using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Maintenance;

namespace StatusBoard.Web.Api;

/// <summary>
/// <c>/api/v1/maintenance</c>: announced maintenance windows. Anyone reads them; admins create (<c>POST</c>), edit
/// (<c>PUT /{id}</c>), cancel (<c>DELETE /{id}</c>) and end early (<c>POST /{id}/end</c>) — the same rules as /ops.
/// </summary>
public static class MaintenanceApi
{
    public static IEndpointRouteBuilder MapMaintenanceApi(this IEndpointRouteBuilder app)
    {
        var maintenance = app.MapGroup("/api/v1/maintenance").WithTags("Maintenance");
        maintenance.MapGet("/", (MaintenanceSchedule schedule, TimeProvider time) =>
            TypedResults.Ok(schedule.All.OrderByDescending(w => w.StartsAt).Select(w => View(w, time.GetUtcNow())).ToList()));
        maintenance.MapPost("/", CreateAsync).RequireAuthorization(ApiKeys.AdminPolicy).ReadsJson<MaintenanceDocument>().Answers<MaintenanceView>(StatusCodes.Status201Created);
        maintenance.MapGet("/{id}", (string id, MaintenanceSchedule schedule, TimeProvider time) =>
            schedule.Find(id) is { } window ? TypedResults.Ok(View(window, time.GetUtcNow())) : NotFound(id)).Answers<MaintenanceView>(notFound: true);
        maintenance.MapPut("/{id}", ReplaceAsync).RequireAuthorization(ApiKeys.AdminPolicy).ReadsJson<MaintenanceDocument>().Answers<MaintenanceView>(notFound: true);
        maintenance.MapDelete("/{id}", async (string id, MaintenanceSchedule schedule, TimeProvider time, CancellationToken cancellationToken) =>
            Answer(await schedule.CancelAsync(id, cancellationToken), id, time)).RequireAuthorization(ApiKeys.AdminPolicy)
            .Produces(StatusCodes.Status204NoContent).Answers<MaintenanceView>(notFound: true).ProducesProblem(StatusCodes.Status409Conflict);
        maintenance.MapPost("/{id}/end", async (string id, MaintenanceSchedule schedule, TimeProvider time, CancellationToken cancellationToken) =>
            Answer(await schedule.EndEarlyAsync(id, cancellationToken), id, time)).RequireAuthorization(ApiKeys.AdminPolicy)
            .Answers<MaintenanceView>(notFound: true).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> ReplaceAsync(string id, HttpContext http, MaintenanceSchedule schedule, ProbeCatalog catalog, TimeProvider time)
    {
        var (request, problem) = await JsonBody.ReadAsync<MaintenanceDocument>(http);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Id is { Length: > 0 } named && named != id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"is '{named}' but the address names '{id}'"] }, title: "The maintenance window is invalid");
        }

        if (schedule.Find(id) is null)
        {
            return NotFound(id);
        }

        request.Id = id;
        var now = time.GetUtcNow();
        if (!MaintenanceDocument.TryParse(request, catalog.Current.FindComponent, now, out var window, out var errors))
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The maintenance window is invalid");
        }

        return await schedule.ReplaceAsync(window!, http.RequestAborted) is { } stored ? TypedResults.Ok(View(stored, now)) : NotFound(id);
    }

    private static IResult Answer(MaintenanceChange change, string id, TimeProvider time) => change switch
    {
        { Removed: true } => TypedResults.NoContent(),
        { IsMissing: true } => NotFound(id),
        { Refusal: { } refusal } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Maintenance '{id}' {refusal}"),
        _ => TypedResults.Ok(View(change.Window!, time.GetUtcNow())),
    };

    private static IResult NotFound(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no maintenance window '{id}'");

    private static async Task<IResult> CreateAsync(HttpContext http, MaintenanceSchedule schedule, ProbeCatalog catalog, TimeProvider time)
    {
        var (request, problem) = await JsonBody.ReadAsync<MaintenanceDocument>(http);
        if (problem is not null)
        {
            return problem;
        }

        var now = time.GetUtcNow();
        if (!MaintenanceDocument.TryParse(request!, catalog.Current.FindComponent, now, out var window, out var errors))
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The maintenance window is invalid");
        }

        await schedule.AddAsync(window!, http.RequestAborted);
        return TypedResults.Created($"/api/v1/maintenance/{window!.Id}", View(window, now));
    }

    /// <summary>A window as the API and the hub show it, with its status at <paramref name="now"/>.</summary>
    public static MaintenanceView View(MaintenanceWindow window, DateTimeOffset now) => new(
        window.Id,
        window.Title,
        window.Message,
        window.Components,
        window.StartsAt,
        window.EndsAt,
        window.Recurrence.ToWire(),
        window.Until,
        window.Cron,
        window.VerifyFor > TimeSpan.Zero ? Durations.Format(window.VerifyFor) : null,
        window.StatusAt(now).ToWire(),
        window.EndedEarly.Count > 0 ? [.. window.EndedEarly.Select(e => new EndedEarlyView(e.Start, e.EndedAt))] : null,
        window.OccurrenceAt(now) is { } occurrence ? new OccurrenceView(occurrence.Start, occurrence.End) : null)
    {
        Titles = window.Titles,
        Messages = window.Messages,
    };
}

/// <summary>
/// A maintenance window as the API and the hub show it: its status now (<c>scheduled</c>, <c>in_progress</c>,
/// <c>verifying</c>, <c>completed</c>), the occurrences ended early, and the occurrence under way or next.
/// </summary>
public sealed record MaintenanceView(string Id, string Title, string? Message, IReadOnlyList<string> Components, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string Recurrence, DateTimeOffset? Until, string? Cron, string? VerifyFor, string Status, IReadOnlyList<EndedEarlyView>? EndedEarly, OccurrenceView? Next)
{
    /// <summary>The title per language when it was written in each (<c>title</c> is the English, or the only one).</summary>
    public LocalText? Titles { get; init; }

    public LocalText? Messages { get; init; }
}

public sealed record EndedEarlyView(DateTimeOffset Start, DateTimeOffset EndedAt);

public sealed record OccurrenceView(DateTimeOffset StartsAt, DateTimeOffset EndsAt);
