using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Maintenance;

namespace StatusBoard.Web.Services;

/// <summary>
/// Keeps the public page fresh without waiting for a visitor: every second it compares what the page shows (component
/// and region statuses, the incidents' change counter, maintenance in progress) with what it showed, and renders both
/// languages again when that changed or a page is <see cref="PageSnapshots.RefreshAfter"/> old.
/// </summary>
public sealed class PageRefresher(
    PageSnapshots snapshots,
    HealthService health,
    IncidentStore incidents,
    MaintenanceSchedule maintenance,
    TimeProvider time,
    ILogger<PageRefresher> logger) : BackgroundService
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private string? _shown;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Periodic.RunAsync(CheckInterval, time, RefreshAsync, logger, "Refreshing the public page", stoppingToken);

    /// <summary>One check: renders both languages when what the page shows changed or a page is due.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var shown = await FingerprintAsync(now, cancellationToken);
        var changed = !string.Equals(shown, _shown, StringComparison.Ordinal);
        foreach (var language in PublicTexts.Languages)
        {
            if (changed || snapshots.RenderedAt(language) is not { } at || now - at >= PageSnapshots.RefreshAfter)
            {
                await snapshots.RefreshAsync(language, services => PublicPageEndpoints.RenderPlainAsync(services, language));
            }
        }

        _shown = shown;
    }

    private async Task<string> FingerprintAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var component in health.Current(figures: false))
        {
            text.Append(component.Key).Append('=').Append(component.Status.ToWire()).Append('/').Append(component.Scope.ToWire());
            foreach (var region in component.Regions)
            {
                text.Append(',').Append(region.Region).Append(':').Append(region.Status.ToWire());
            }

            text.Append(';');
        }

        text.Append("incidents=").Append(await incidents.GenerationAsync(cancellationToken));
        foreach (var window in maintenance.Where(MaintenanceStatus.InProgress, now))
        {
            text.Append(";maintenance=").Append(window.Id);
        }

        return text.ToString();
    }
}
