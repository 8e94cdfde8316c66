using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Maintenance;

namespace StatusBoard.Web.Api;

/// <summary><c>GET /api/v1/maintenance</c> and <c>POST /api/v1/maintenance</c> (admin): announced maintenance windows.</summary>
public static class MaintenanceApi
{
    public static IEndpointRouteBuilder MapMaintenanceApi(this IEndpointRouteBuilder app)
    {
        var maintenance = app.MapGroup("/api/v1/maintenance").WithTags("Maintenance");
        maintenance.MapGet("/", (MaintenanceSchedule schedule, TimeProvider time) =>
            TypedResults.Ok(schedule.All.OrderByDescending(w => w.StartsAt).Select(w => View(w, time.GetUtcNow()))));
        maintenance.MapPost("/", CreateAsync).RequireAuthorization(ApiKeys.AdminPolicy);
        return app;
    }

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

    private static object View(MaintenanceWindow window, DateTimeOffset now) => new
    {
        window.Id,
        window.Title,
        window.Message,
        window.Components,
        window.StartsAt,
        window.EndsAt,
        recurrence = window.Recurrence.ToWire(),
        window.Until,
        window.Cron,
        verifyFor = window.VerifyFor > TimeSpan.Zero ? Durations.Format(window.VerifyFor) : null,
        status = window.StatusAt(now).ToWire(),
        next = window.OccurrenceAt(now) is { } occurrence ? new { startsAt = occurrence.Start, endsAt = occurrence.End } : null,
    };
}
