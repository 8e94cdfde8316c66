using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Maintenance;
using StatusBoard.Web.Services;

namespace StatusBoard.Web.Api.Statuspage;

/// <summary>
/// <c>/api/v2/*.json</c>, compatible with Atlassian Statuspage so existing widgets, bots and monitors read
/// StatusBoard unchanged. Read-only, anonymous, cached for a few seconds, open to any origin.
/// </summary>
public static class StatuspageApi
{
    public const string CorsPolicy = "public-read";
    public const string CachePolicy = "public-json";

    public static IEndpointRouteBuilder MapStatuspageApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/api/v2").WithTags("Statuspage v2").RequireCors(CorsPolicy).CacheOutput(CachePolicy);
        v2.MapGet("/summary.json", async (HttpContext http, StatuspageView view, MaintenanceSchedule schedule, TimeProvider time) =>
        {
            var now = await view.BuildAsync(http);
            var open = now.Open;
            var maintenance = schedule.Where(MaintenanceStatus.InProgress, time.GetUtcNow()).Concat(schedule.Where(MaintenanceStatus.Scheduled, time.GetUtcNow()))
                .Select(w => view.Maintenance(w, now.Page, now.Components)).ToList();
            return TypedResults.Json(new SpSummary(now.Page, now.Components, open.Select(i => view.Incident(i, now.Page, now.Components)).ToList(), maintenance, now.Status), StatuspageView.JsonOptions);
        });
        v2.MapGet("/status.json", async (HttpContext http, StatuspageView view) =>
        {
            var now = await view.BuildAsync(http);
            return TypedResults.Json(new SpPageStatus(now.Page, now.Status), StatuspageView.JsonOptions);
        });
        v2.MapGet("/components.json", async (HttpContext http, StatuspageView view) =>
        {
            var now = await view.BuildAsync(http);
            return TypedResults.Json(new SpComponents(now.Page, now.Components), StatuspageView.JsonOptions);
        });

        v2.MapGet("/incidents.json", async (HttpContext http, StatuspageView view, IncidentStore incidents) =>
        {
            var now = await view.BuildAsync(http);
            var recent = await incidents.RecentAsync(50, 0, http.RequestAborted);
            return TypedResults.Json(new SpIncidents(now.Page, recent.Select(i => view.Incident(i, now.Page, now.Components)).ToList()), StatuspageView.JsonOptions);
        });
        v2.MapGet("/incidents/unresolved.json", async (HttpContext http, StatuspageView view) =>
        {
            var now = await view.BuildAsync(http);
            return TypedResults.Json(new SpIncidents(now.Page, now.Open.Select(i => view.Incident(i, now.Page, now.Components)).ToList()), StatuspageView.JsonOptions);
        });

        v2.MapGet("/scheduled-maintenances.json", async (HttpContext http, StatuspageView view, MaintenanceSchedule schedule) =>
            await Maintenances(http, view, schedule.All.OrderByDescending(w => w.StartsAt)));
        v2.MapGet("/scheduled-maintenances/upcoming.json", async (HttpContext http, StatuspageView view, MaintenanceSchedule schedule, TimeProvider time) =>
            await Maintenances(http, view, schedule.Where(MaintenanceStatus.Scheduled, time.GetUtcNow())));
        v2.MapGet("/scheduled-maintenances/active.json", async (HttpContext http, StatuspageView view, MaintenanceSchedule schedule, TimeProvider time) =>
            await Maintenances(http, view, schedule.Where(MaintenanceStatus.InProgress, time.GetUtcNow())));
        return app;
    }

    private static async Task<IResult> Maintenances(HttpContext http, StatuspageView view, IEnumerable<MaintenanceWindow> windows)
    {
        var now = await view.BuildAsync(http);
        return TypedResults.Json(new SpMaintenances(now.Page, windows.Select(w => view.Maintenance(w, now.Page, now.Components)).ToList()), StatuspageView.JsonOptions);
    }
}

/// <summary>Builds the Statuspage view of the current health: page, components and the overall indicator.</summary>
public sealed class StatuspageView(ProbeCatalog catalog, HealthService health, IncidentStore incidents, IOptions<PageOptions> options, TimeProvider time)
{
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public static System.Text.Json.JsonSerializerOptions JsonOptions { get; } = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public Task<(SpPage Page, IReadOnlyList<SpComponent> Components, SpStatus Status, IReadOnlyList<Incident> Open)> BuildAsync(HttpContext http) =>
        BuildAsync(options.Value.Url ?? $"{http.Request.Scheme}://{http.Request.Host}", http.RequestAborted);

    /// <summary>The view with the page at <paramref name="url"/>: for what is sent rather than asked for (subscribers' webhooks).</summary>
    public async Task<(SpPage Page, IReadOnlyList<SpComponent> Components, SpStatus Status, IReadOnlyList<Incident> Open)> BuildAsync(string url, CancellationToken cancellationToken)
    {
        var open = await incidents.OpenAsync(cancellationToken);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var pageId = StableId("page:" + settings.Name);
        var components = catalog.Current.OrderedComponents;
        var states = health.Current().ToDictionary(c => c.Key);
        var position = 0;
        var view = new List<SpComponent>();
        foreach (var component in components)
        {
            if (component.GroupName is { } groupName && !view.Any(c => c.Group && c.Name.Equals(groupName, StringComparison.OrdinalIgnoreCase)))
            {
                // A group, as Statuspage has them: an entry of its own before its members, at its worst member's status.
                var members = components.Where(c => string.Equals(c.GroupName, groupName, StringComparison.OrdinalIgnoreCase)).ToList();
                var memberStates = members.Select(m => states.GetValueOrDefault(m.Key)).ToList();
                var worst = memberStates.Select(s => s?.Status ?? HealthStatus.Blind).Worst();
                view.Add(new SpComponent(
                    StableId("group:" + groupName.ToLowerInvariant()),
                    groupName,
                    Word(worst),
                    Rfc3339(_started),
                    Rfc3339(memberStates.Max(s => s?.Regions.Max(r => r.LastResultAt)) ?? _started),
                    ++position,
                    worst == HealthStatus.Blind ? "No data: no check reports on it right now" : null,
                    Showcase: true,
                    StartDate: null,
                    GroupId: null,
                    PageId: pageId,
                    Group: true,
                    OnlyShowIfDegraded: false) { Components = members.Select(m => StableId("component:" + m.Key)).ToList() });
            }

            view.Add(Entry(component));
        }

        SpComponent Entry(Probes.Definitions.ComponentDefinition component)
        {
            var state = states.GetValueOrDefault(component.Key);
            var updated = state?.Regions.Max(r => r.LastResultAt) ?? _started;
            // Statuspage has no word for "nobody can see it": the status stays within its vocabulary and the description
            // says there is no data, so a reader never takes silence for health.
            var blind = state is null || state.Status == HealthStatus.Blind;
            return new SpComponent(
                StableId("component:" + component.Key),
                component.Name,
                Word(state?.Status ?? HealthStatus.Blind),
                Rfc3339(_started),
                Rfc3339(updated),
                ++position,
                blind ? (component.Description is { Length: > 0 } d ? $"{d} (no data: no check reports on it right now)" : "No data: no check reports on it right now") : component.Description,
                Showcase: true,
                StartDate: null,
                GroupId: component.GroupName is { } group ? StableId("group:" + group.ToLowerInvariant()) : null,
                PageId: pageId,
                Group: false,
                OnlyShowIfDegraded: false);
        }

        var page = new SpPage(pageId, settings.Name, url, settings.TimeZone, Rfc3339(now));
        return (page, view, Indicator(states.Values.ToList(), open), open);
    }

    /// <summary>An incident in the Statuspage shape: public updates only, newest first.</summary>
    public SpIncident Incident(Incident incident, SpPage page, IReadOnlyList<SpComponent> components)
    {
        var affected = incident.Components.Select(c => StableId("component:" + c.Key)).ToHashSet(StringComparer.Ordinal);
        var updates = incident.Updates.Where(u => u.Public).Reverse().Select(update => new SpIncidentUpdate(
            update.Id,
            update.Status.ToWire(),
            update.Body,
            incident.Id,
            Rfc3339(update.CreatedAt),
            Rfc3339(update.CreatedAt),
            Rfc3339(update.CreatedAt),
            update.Components.Select(c => new SpAffectedComponent(StableId("component:" + c.Key), c.Name, Word(c.Status), Word(c.Status))).ToList(),
            DeliverNotifications: true,
            CustomTweet: null,
            TweetId: null)).ToList();
        return new SpIncident(
            incident.Id,
            incident.Title,
            incident.Status.ToWire(),
            Rfc3339(incident.DetectedAt),
            Rfc3339(incident.UpdatedAt),
            incident.MonitoringAt is { } monitoring ? Rfc3339(monitoring) : null,
            incident.ResolvedAt is { } resolved ? Rfc3339(resolved) : null,
            incident.Impact.ToWire(),
            $"{page.Url.TrimEnd('/')}/incidents/{incident.Id}",
            Rfc3339(incident.StartedAt),
            page.Id,
            updates,
            components.Where(c => affected.Contains(c.Id)).ToList());
    }

    /// <summary>A maintenance window in the Statuspage shape: an incident with <c>scheduled_for</c> and <c>scheduled_until</c>.</summary>
    public SpIncident Maintenance(MaintenanceWindow window, SpPage page, IReadOnlyList<SpComponent> components)
    {
        var status = window.StatusAt(time.GetUtcNow()).ToWire();
        var (starts, ends) = window.OccurrenceAt(time.GetUtcNow()) ?? (window.StartsAt, window.EndsAt);
        var update = new SpIncidentUpdate(window.Id + "u", status, window.Message ?? window.Title, window.Id,
            Rfc3339(window.CreatedAt), Rfc3339(window.CreatedAt), Rfc3339(window.CreatedAt), null, true, null, null);
        return new SpIncident(
            window.Id,
            window.Title,
            status,
            Rfc3339(window.CreatedAt),
            Rfc3339(window.CreatedAt),
            null,
            status == "completed" ? Rfc3339(ends) : null,
            // Strict consumers accept only none, minor, major and critical as an impact.
            "none",
            $"{page.Url.TrimEnd('/')}/#maintenance",
            Rfc3339(starts),
            page.Id,
            [update],
            components.Where(c => window.Components.Any(key => StableId("component:" + key) == c.Id)).ToList())
        {
            ScheduledFor = Rfc3339(starts),
            ScheduledUntil = Rfc3339(ends),
        };
    }

    /// <summary>
    /// The overall indicator as Statuspage pages set it: the worst of what the components show (degraded performance or
    /// partial outage → minor, major outage → major, most components in major outage → critical) and of the impact of
    /// the unresolved incidents, people's included. Blind components show nothing either way.
    /// </summary>
    public static SpStatus Indicator(IReadOnlyList<ComponentHealth> components, IReadOnlyList<Incident> open)
    {
        var majors = components.Count(c => c.Status == HealthStatus.MajorOutage);
        var fromComponents = majors > 0 && majors * 2 > components.Count ? Impact.Critical
            : majors > 0 ? Impact.Major
            : components.Any(c => c.Status is HealthStatus.PartialOutage or HealthStatus.DegradedPerformance) ? Impact.Minor
            : Impact.None;
        var fromIncidents = open.Where(i => i.IsOpen).Select(i => i.Impact).DefaultIfEmpty(Impact.None).Max();
        return (fromComponents > fromIncidents ? fromComponents : fromIncidents) switch
        {
            Impact.Critical => new SpStatus("critical", "Major System Outage"),
            Impact.Major => new SpStatus("major", "Partial System Outage"),
            Impact.Minor => new SpStatus("minor", "Minor Service Outage"),
            _ when components.Count > 0 && components.All(c => c.Status == HealthStatus.Blind) => new SpStatus("none", "Status Unknown: No Checks Reporting"),
            _ => new SpStatus("none", "All Systems Operational"),
        };
    }

    /// <summary>A status in Statuspage's words: <c>blind</c> has none, and is said in the description instead.</summary>
    private static string Word(HealthStatus status) => (status == HealthStatus.Blind ? HealthStatus.Operational : status).ToWire();

    public static string Rfc3339(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A 12-character lower-case id, stable for the same input, in the style of Statuspage ids.</summary>
    public static string StableId(string text)
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        var hash = StableHash.Of(text);
        var chars = new char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[(int)(hash % 36)];
            hash = (hash / 36) ^ ((hash << 17) * 31);
        }

        return new string(chars);
    }
}
