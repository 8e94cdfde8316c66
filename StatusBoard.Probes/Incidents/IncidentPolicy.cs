using StatusBoard.Probes.Health;

namespace StatusBoard.Probes.Incidents;

/// <summary>
/// The automatic incident state machine. A pure function, table-tested. One event is one incident: a failure confirmed
/// past the confirmation period opens one, or joins an open one that started within the group window on the same
/// regions (or, platform-wide, on the same scope), which then lists every affected component. New evidence updates
/// it — only when what a reader sees changes, never with the text it said last. Title, scope, regions and impact keep
/// the worst point reached; recovery is told in updates. All components passing moves it to <c>monitoring</c>; a
/// relapse within the recovery period reopens the same incident; healthy through the recovery period resolves it.
/// Blind regions never fail a component, and a component under maintenance is not failing.
/// </summary>
public static class IncidentPolicy
{
    public const string Opened = "We are investigating failures detected by our checks.";
    public const string Passing = "Our checks pass again. We are monitoring.";
    public const string Back = "The failures are back. We are investigating.";
    public const string Resolved = "This incident has been resolved.";

    /// <summary>A component's failure confirmed: failing for at least the confirmation period.</summary>
    public static bool IsConfirmed(ComponentHealth health, DateTimeOffset now, IncidentOptions options) =>
        health.IsFailing() && health.FailingSince is { } since && now - since >= options.ConfirmationPeriod;

    /// <summary>The single-component form: opens for a confirmed failure, or steps the incident open for it.</summary>
    public static Incident? Step(Incident? open, ComponentHealth health, IReadOnlyDictionary<string, long> categories, DateTimeOffset now, IncidentOptions options)
    {
        if (open is null)
        {
            return IsConfirmed(health, now, options) ? Step(Open(health, now), [health], categories, now, options) : null;
        }

        return Step(open, [health], categories, now, options);
    }

    /// <summary>A new incident for a confirmed failure; its first update comes with the next <see cref="Step(Incident, IReadOnlyList{ComponentHealth}, IReadOnlyDictionary{string, long}, DateTimeOffset, IncidentOptions)"/>.</summary>
    public static Incident Open(ComponentHealth health, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now).ToString("N")[..16],
        Title = "",
        Status = IncidentStatus.Investigating,
        Impact = Impact.None,
        Scope = health.Scope,
        Regions = [.. health.FailingRegions().Order(StringComparer.Ordinal)],
        CurrentRegions = [.. health.FailingRegions().Order(StringComparer.Ordinal)],
        Components = [new AffectedComponent(health.Key, health.Name, health.Status)],
        Detected = [health.Key],
        StartedAt = health.FailingSince ?? now,
        DetectedAt = now,
        UpdatedAt = now,
        SlowOnly = true,
    };

    /// <summary>
    /// Whether a newly confirmed failure belongs to this open incident: it started within the group window of the
    /// incident on regions the incident has failed in (or both are platform-wide), or it fails in exactly the regions the
    /// incident still fails in.
    /// </summary>
    public static bool Joins(Incident incident, ComponentHealth health, IncidentOptions options)
    {
        if (!incident.Automatic || !incident.IsOpen || !health.IsFailing())
        {
            return false;
        }

        var regions = health.FailingRegions().ToHashSet(StringComparer.Ordinal);
        var sameScope = health.Scope == Scope.PlatformWide && incident.Scope == Scope.PlatformWide;
        var overlaps = regions.Overlaps(incident.Regions);
        var together = health.FailingSince is { } since && (since - incident.StartedAt).Duration() <= options.GroupWindow;
        return (together && (sameScope || overlaps))
            || (incident.Status != IncidentStatus.Monitoring && regions.SetEquals(incident.CurrentRegions));
    }

    /// <summary>Adds a component whose failure joins the incident; the next step words the change.</summary>
    public static Incident Join(Incident incident, ComponentHealth health) => incident with
    {
        Detected = [.. incident.DetectedKeys, health.Key],
        Components = [.. incident.Components.Where(c => c.Key != health.Key), new AffectedComponent(health.Key, health.Name, health.Status)],
        StartedAt = health.FailingSince is { } since && since < incident.StartedAt ? since : incident.StartedAt,
    };

    /// <summary>One step of an open incident, given the health of the components StatusBoard found failing in it.</summary>
    public static Incident Step(Incident open, IReadOnlyList<ComponentHealth> components, IReadOnlyDictionary<string, long> categories, DateTimeOffset now, IncidentOptions options)
    {
        var failing = components.Any(c => c.IsFailing());
        open = Ordered(open, components);
        switch (open.Status)
        {
            case IncidentStatus.Investigating or IncidentStatus.Identified when !failing:
                return Said(open with { Status = IncidentStatus.Monitoring, MonitoringAt = now, Categories = Merge(open.Categories, categories) },
                    components, now, Passing, force: true);
            case IncidentStatus.Investigating or IncidentStatus.Identified:
                return Evidence(open, components, categories, now, open.Updates.Count == 0 ? Opened : null);
            case IncidentStatus.Monitoring when failing:
                return Evidence(open with { Status = IncidentStatus.Investigating, MonitoringAt = null }, components, categories, now, Back);
            case IncidentStatus.Monitoring when now - open.MonitoringAt >= options.RecoveryPeriod:
                return Said(open with { Status = IncidentStatus.Resolved, ResolvedAt = now }, components, now, Resolved, force: true);
            default:
                return open;
        }
    }

    /// <summary>Components in the order of the page (the health list's): those StatusBoard found, then people's.</summary>
    private static Incident Ordered(Incident incident, IReadOnlyList<ComponentHealth> components)
    {
        var order = components.Select((c, i) => (c.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        return incident with
        {
            Components = [.. incident.Components.OrderBy(c => order.GetValueOrDefault(c.Key, int.MaxValue))],
            Detected = [.. incident.DetectedKeys.OrderBy(key => order.GetValueOrDefault(key, int.MaxValue))],
        };
    }

    /// <summary>Impact from how bad and how wide: an outage everywhere is critical.</summary>
    public static Impact ImpactOf(HealthStatus status, Scope scope) => (status, scope) switch
    {
        (HealthStatus.MajorOutage, Scope.PlatformWide) => Impact.Critical,
        (HealthStatus.MajorOutage or HealthStatus.PartialOutage, Scope.PlatformWide) => Impact.Major,
        (HealthStatus.MajorOutage, _) => Impact.Major,
        (var failing, _) when failing.IsFailing() => Impact.Minor,
        _ => Impact.None,
    };

    /// <summary>Folds what the components show now into the incident, keeping its worst point.</summary>
    private static Incident Evidence(Incident incident, IReadOnlyList<ComponentHealth> components, IReadOnlyDictionary<string, long> categories, DateTimeOffset now, string? message)
    {
        var failing = components.Where(c => c.IsFailing()).ToList();
        var scope = failing.Select(c => c.Scope).DefaultIfEmpty(Scope.None).Max();
        var current = failing.SelectMany(c => c.FailingRegions()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var impact = failing.Select(c => ImpactOf(c.Status, c.Scope)).DefaultIfEmpty(Impact.None).Max();
        var next = incident with
        {
            Scope = scope > incident.Scope ? scope : incident.Scope,
            Regions = incident.Regions.Union(current, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            CurrentRegions = current,
            Impact = impact > incident.Impact ? impact : incident.Impact,
            SlowOnly = incident.SlowOnly && failing.All(c => c.Status == HealthStatus.DegradedPerformance),
            Categories = Merge(incident.Categories, categories),
        };
        next = next with { Title = Title(next) };
        return Said(next, components, now, message, force: false);
    }

    /// <summary>
    /// Posts an update when there is something new to say: a change of status, or of what is failing where (the
    /// summary), and never the text of the update before it. Components keep their current status on the incident.
    /// </summary>
    private static Incident Said(Incident incident, IReadOnlyList<ComponentHealth> components, DateTimeOffset now, string? message, bool force)
    {
        var byKey = components.ToDictionary(c => c.Key, StringComparer.Ordinal);
        var affected = incident.Components.Select(c => byKey.TryGetValue(c.Key, out var health) ? new AffectedComponent(c.Key, health.Name, health.Status) : c).ToList();
        var (summary, groups) = incident.Status is IncidentStatus.Investigating or IncidentStatus.Identified ? Summary(components) : ("", []);
        var next = incident with { Components = affected, Summary = summary };
        var body = message is null ? summary : summary.Length > 0 ? $"{message} {summary}" : message;
        var last = incident.Updates.LastOrDefault(u => u.Public && u.Author is null)?.Body;
        var changed = force || message is not null || summary != incident.Summary;
        if (!changed || body.Length == 0 || string.Equals(body, last, StringComparison.Ordinal))
        {
            return next;
        }

        return next with
        {
            UpdatedAt = now,
            Updates = [.. incident.Updates, new IncidentUpdate(Guid.CreateVersion7(now).ToString("N")[..16], next.Status, body, now) { Components = affected, Failing = groups }],
        };
    }

    /// <summary>What fails now, where: the words of an update, compared to tell whether anything changed.</summary>
    private static (string Text, List<FailingGroup> Groups) Summary(IReadOnlyList<ComponentHealth> components)
    {
        var failing = components.Where(c => c.IsFailing()).ToList();
        if (failing.Count == 0)
        {
            return ("", []);
        }

        var groups = failing
            .GroupBy(c => (Everywhere: c.Scope == Scope.PlatformWide, Regions: string.Join(",", c.FailingRegions().Order(StringComparer.Ordinal)), Slow: c.Status == HealthStatus.DegradedPerformance))
            .Select(g => new FailingGroup(g.Select(c => c.Key).ToList(), g.First().FailingRegions().Order(StringComparer.Ordinal).ToList(), g.Key.Everywhere, g.Key.Slow))
            .ToList();
        var names = failing.ToDictionary(c => c.Key, c => c.Name, StringComparer.Ordinal);
        var parts = groups.Select(g => $"{Names(g.Components.Select(key => names[key]))} {(g.Slow ? "slow" : "failing")} in {string.Join(", ", g.Regions)}");
        var impact = failing.Select(c => ImpactOf(c.Status, c.Scope)).Max();
        return ($"Now: {string.Join("; ", parts)} (impact {impact.ToWire()}).", groups);
    }

    private static string Title(Incident incident)
    {
        var what = incident.SlowOnly ? "slow" : "failing";
        var names = Names(incident.Components.Where(c => incident.DetectedKeys.Contains(c.Key)).Select(c => c.Name));
        return incident.Scope == Scope.PlatformWide
            ? $"{names} {what} in every region"
            : $"{names} {what} in {string.Join(", ", incident.Regions)}";
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }

    /// <summary>Category counts only grow while the incident is open: a new reading never lowers them.</summary>
    private static Dictionary<string, long> Merge(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> now) =>
        before.Keys.Union(now.Keys).ToDictionary(key => key, key => Math.Max(before.GetValueOrDefault(key), now.GetValueOrDefault(key)));
}
