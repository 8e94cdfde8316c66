using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Maintenance;
using StatusBoard.Probes.Verdicts;
using StatusBoard.Web.Api.Statuspage;

namespace StatusBoard.Web.Services;

/// <summary>Everything the public page shows, gathered once per render (and then cached for a few seconds).</summary>
public sealed record PublicStatusView(
    string Indicator,
    IReadOnlyList<PublicComponent> Components,
    VerdictResult Verdict,
    IReadOnlyList<string> Regions,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The banner's sentence (<see cref="PublicTexts.IndicatorKey"/>).</summary>
    public string IndicatorKey { get; init; } = "indicator." + Indicator;

    /// <summary>Incidents not yet resolved, newest first.</summary>
    public IReadOnlyList<Incident> Incidents { get; init; } = [];

    /// <summary>Maintenance in progress, then upcoming, soonest first.</summary>
    public IReadOnlyList<MaintenanceWindow> Maintenance { get; init; } = [];
}

public sealed record PublicComponent(string Key, string Name, string? Description, string Status, IReadOnlyList<RegionHealth> Regions, IReadOnlyList<UptimeDay> Uptime)
{
    /// <summary>The group it is shown under, in the reader's language; null when it stands alone.</summary>
    public string? Group { get; init; }

    /// <summary>Its last 24 hours of response time (empty when <c>StatusBoard:Page:ShowLatency</c> is off).</summary>
    public IReadOnlyList<LatencyHour> Latency { get; init; } = [];
}

public sealed class PublicStatus(
    ProbeCatalog catalog,
    HealthService health,
    UptimeService uptime,
    VerdictService verdicts,
    IncidentStore incidents,
    MaintenanceSchedule maintenance,
    LatencyService latency,
    Microsoft.Extensions.Options.IOptions<PageOptions> page,
    TimeProvider time)
{
    public async Task<PublicStatusView> BuildAsync(string language, CancellationToken cancellationToken)
    {
        var states = health.Current();
        var byKey = states.ToDictionary(c => c.Key);
        var days = await uptime.LastDaysAsync(catalog.Current.Components.Select(c => c.Key), cancellationToken);
        var hours = page.Value.ShowLatency ? await latency.LastDayAsync(cancellationToken) : new Dictionary<string, IReadOnlyList<LatencyHour>>();
        var components = catalog.Current.OrderedComponents.Select(component =>
        {
            var state = byKey.GetValueOrDefault(component.Key);
            return new PublicComponent(
                component.Key,
                component.NameIn(language),
                component.DescriptionIn(language),
                // No health for it (the catalog changed a moment ago): unknown, never "operational".
                (state?.Status ?? HealthStatus.Blind).ToWire(),
                state?.Regions ?? [],
                days[component.Key]) { Group = component.GroupIn(language), Latency = hours.GetValueOrDefault(component.Key) ?? [] };
        }).ToList();

        var verdict = await verdicts.DecideAsync(states, null, null, null, cancellationToken);
        var regions = states.SelectMany(c => c.Regions.Select(r => r.Region)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var open = await incidents.OpenAsync(cancellationToken);
        var now = time.GetUtcNow();
        var indicator = StatuspageView.Indicator(states, open).Indicator;
        return new PublicStatusView(indicator, components, verdict, regions, now)
        {
            IndicatorKey = PublicTexts.IndicatorKey(indicator, states),
            Incidents = open,
            Maintenance = [.. maintenance.Where(MaintenanceStatus.InProgress, now), .. maintenance.Where(MaintenanceStatus.Scheduled, now)],
        };
    }
}
