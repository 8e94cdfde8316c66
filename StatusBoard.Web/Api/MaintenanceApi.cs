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
        var (request, problem) = await JsonBody.ReadAsync<MaintenanceRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var title = request!.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200 || title.Any(char.IsControl))
        {
            errors.Add("title", "is required: 1 to 200 characters without control characters");
        }

        if (request.Message is { Length: > 5000 })
        {
            errors.Add("message", "must be at most 5000 characters");
        }

        var components = request.Components ?? [];
        if (components.Count == 0)
        {
            errors.Add("components", "needs at least one component");
        }

        foreach (var component in components.Where(c => catalog.Current.FindComponent(c) is null))
        {
            errors.Add("components", $"'{component}' is not a known component");
        }

        if (request.StartsAt is not { } starts || request.EndsAt is not { } ends)
        {
            errors.Add("startsAt", "startsAt and endsAt are required ISO-8601 times");
        }
        else if (ends <= starts || ends - starts > TimeSpan.FromDays(31))
        {
            errors.Add("endsAt", "must be after startsAt, and the window at most 31 days long");
        }

        var recurrence = Recurrence.None;
        if (request.Recurrence is not null && !WireNames.TryParse(request.Recurrence, out recurrence))
        {
            errors.Add("recurrence", "must be none, daily or weekly");
        }
        else if (recurrence != Recurrence.None && request.StartsAt is { } first && request.EndsAt is { } last
                 && last - first >= (recurrence == Recurrence.Daily ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7)))
        {
            errors.Add("endsAt", "a recurring window must be shorter than its period");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The maintenance window is invalid");
        }

        var now = time.GetUtcNow();
        var window = new MaintenanceWindow
        {
            Id = Guid.CreateVersion7(now).ToString("N")[..16],
            Title = title,
            Message = request.Message?.Trim(),
            Components = components.Distinct(StringComparer.Ordinal).ToList(),
            StartsAt = request.StartsAt!.Value.ToUniversalTime(),
            EndsAt = request.EndsAt!.Value.ToUniversalTime(),
            CreatedAt = now,
            Recurrence = recurrence,
            Until = request.Until?.ToUniversalTime(),
        };
        await schedule.AddAsync(window, http.RequestAborted);
        return TypedResults.Created($"/api/v1/maintenance/{window.Id}", View(window, now));
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
        status = window.StatusAt(now).ToWire(),
        next = window.OccurrenceAt(now) is { } occurrence ? new { startsAt = occurrence.Start, endsAt = occurrence.End } : null,
    };

    private sealed class MaintenanceRequest
    {
        public string? Title { get; set; }

        public string? Message { get; set; }

        public List<string>? Components { get; set; }

        public DateTimeOffset? StartsAt { get; set; }

        public DateTimeOffset? EndsAt { get; set; }

        public string? Recurrence { get; set; }

        public DateTimeOffset? Until { get; set; }
    }
}
