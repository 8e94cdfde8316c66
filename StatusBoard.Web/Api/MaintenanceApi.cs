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
            errors.Add("recurrence", "must be none, daily, weekly or cron");
        }
        else if (recurrence is Recurrence.Daily or Recurrence.Weekly && request.StartsAt is { } first && request.EndsAt is { } last
                 && last - first >= (recurrence == Recurrence.Daily ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7)))
        {
            errors.Add("endsAt", "a recurring window must be shorter than its period");
        }

        if (recurrence == Recurrence.Cron && !MaintenanceWindow.TryParseCron(request.Cron, out var cronError))
        {
            errors.Add("cron", $"must be a five-field cron expression in UTC, e.g. \"0 2 * * 0\" for Sundays at 02:00: {cronError}");
        }
        else if (recurrence != Recurrence.Cron && request.Cron is not null)
        {
            errors.Add("cron", "is only for recurrence \"cron\"");
        }

        var verifyFor = TimeSpan.Zero;
        if (request.VerifyFor is { Length: > 0 } verify && (!Durations.TryParse(verify, out verifyFor, out _) || verifyFor > TimeSpan.FromDays(1)))
        {
            errors.Add("verifyFor", "must be a duration such as \"15m\", at most 1 day");
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
            Cron = recurrence == Recurrence.Cron ? request.Cron!.Trim() : null,
            VerifyFor = verifyFor,
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
        window.Cron,
        verifyFor = window.VerifyFor > TimeSpan.Zero ? Durations.Format(window.VerifyFor) : null,
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

        public string? Cron { get; set; }

        public string? VerifyFor { get; set; }
    }
}
