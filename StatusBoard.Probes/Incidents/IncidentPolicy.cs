using StatusBoard.Probes.Common;
using StatusBoard.Probes.Health;

namespace StatusBoard.Probes.Incidents;

/// <summary>
/// The automatic incident state machine, one component at a time. A pure function, table-tested:
/// failing past the confirmation period opens; new evidence updates; recovery moves to <c>monitoring</c>; a relapse
/// within the recovery period reopens the same incident; healthy through the recovery period resolves.
/// Blind regions never fail a component, and a component under maintenance is not failing.
/// </summary>
public static class IncidentPolicy
{
    public static Incident? Step(Incident? open, ComponentHealth health, IReadOnlyDictionary<string, long> categories, DateTimeOffset now, IncidentOptions options)
    {
        var failing = health.Status is HealthStatus.DegradedPerformance or HealthStatus.PartialOutage or HealthStatus.MajorOutage;
        if (open is null)
        {
            if (!failing || health.FailingSince is not { } since || now - since < options.ConfirmationPeriod)
            {
                return null;
            }

            return Evidence(new Incident
            {
                Id = Guid.CreateVersion7(now).ToString("N")[..16],
                Title = "",
                Status = IncidentStatus.Investigating,
                Impact = Impact.None,
                Scope = health.Scope,
                Components = [],
                StartedAt = since,
                DetectedAt = now,
                UpdatedAt = now,
            }, health, categories, now, "We are investigating failures detected by our checks.");
        }

        if (open.Status is IncidentStatus.Investigating or IncidentStatus.Identified)
        {
            if (!failing)
            {
                return open with
                {
                    Status = IncidentStatus.Monitoring,
                    MonitoringAt = now,
                    UpdatedAt = now,
                    Categories = Merge(open.Categories, categories),
                    Updates = [.. open.Updates, Update(IncidentStatus.Monitoring, "Our checks pass again. We are monitoring.", now, health)],
                };
            }

            return Evidence(open, health, categories, now, null);
        }

        if (open.Status == IncidentStatus.Monitoring)
        {
            if (failing)
            {
                return Evidence(open with { Status = IncidentStatus.Investigating, MonitoringAt = null }, health, categories, now,
                    "The failures are back. We are investigating.");
            }

            if (now - open.MonitoringAt >= options.RecoveryPeriod)
            {
                return open with
                {
                    Status = IncidentStatus.Resolved,
                    ResolvedAt = now,
                    UpdatedAt = now,
                    Updates = [.. open.Updates, Update(IncidentStatus.Resolved, "This incident has been resolved.", now, health)],
                };
            }
        }

        return open;
    }

    /// <summary>Impact from how bad and how wide: an outage everywhere is critical.</summary>
    public static Impact ImpactOf(HealthStatus status, Scope scope) => (status, scope) switch
    {
        (HealthStatus.MajorOutage, Scope.PlatformWide) => Impact.Critical,
        (HealthStatus.MajorOutage or HealthStatus.PartialOutage, Scope.PlatformWide) => Impact.Major,
        (HealthStatus.MajorOutage, _) => Impact.Major,
        (HealthStatus.DegradedPerformance or HealthStatus.PartialOutage or HealthStatus.MajorOutage, _) => Impact.Minor,
        _ => Impact.None,
    };

    private static Incident Evidence(Incident incident, ComponentHealth health, IReadOnlyDictionary<string, long> categories, DateTimeOffset now, string? message)
    {
        var failingRegions = health.Regions.Where(r => r.Status is not (HealthStatus.Operational or HealthStatus.Blind)).Select(r => r.Region).ToList();
        var impact = ImpactOf(health.Status, health.Scope);
        var next = incident with
        {
            Scope = health.Scope == Scope.None ? incident.Scope : health.Scope,
            Regions = failingRegions.Count > 0 ? failingRegions : incident.Regions,
            // The probed component stays first; components a person added stay after it.
            Components = [new AffectedComponent(health.Key, health.Name, health.Status), .. incident.Components.Where(c => c.Key != health.Key)],
            Impact = impact > incident.Impact ? impact : incident.Impact,
            Categories = Merge(incident.Categories, categories),
        };
        next = next with { Title = Title(health, next) };

        // Only a change a reader would notice gets an update and a new time; category counts grow quietly.
        return message is null && !Changed(incident, next)
            ? next
            : next with { UpdatedAt = now, Updates = [.. incident.Updates, Update(next.Status, message ?? Describe(next), now, health)] };
    }

    private static bool Changed(Incident before, Incident after) =>
        before.Scope != after.Scope || before.Impact != after.Impact || !before.Regions.SequenceEqual(after.Regions)
        || StatusOf(before) != StatusOf(after);

    private static HealthStatus? StatusOf(Incident incident) => incident.Components.Count > 0 ? incident.Components[0].Status : null;

    private static string Title(ComponentHealth health, Incident incident)
    {
        var what = health.Status == HealthStatus.DegradedPerformance ? "slow" : "failing";
        return incident.Scope == Scope.PlatformWide
            ? $"{health.Name} {what} in every region"
            : $"{health.Name} {what} in {string.Join(", ", incident.Regions)}";
    }

    private static string Describe(Incident incident) =>
        $"Now affecting {(incident.Scope == Scope.PlatformWide ? "every region" : string.Join(", ", incident.Regions))}; impact {incident.Impact.ToWire()}.";

    private static IncidentUpdate Update(IncidentStatus status, string body, DateTimeOffset now, ComponentHealth health) =>
        new(Guid.CreateVersion7(now).ToString("N")[..16], status, body, now)
        {
            Components = [new AffectedComponent(health.Key, health.Name, health.Status)],
        };

    /// <summary>Category counts only grow while the incident is open: a new reading never lowers them.</summary>
    private static Dictionary<string, long> Merge(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> now) =>
        before.Keys.Union(now.Keys).ToDictionary(key => key, key => Math.Max(before.GetValueOrDefault(key), now.GetValueOrDefault(key)));
}
