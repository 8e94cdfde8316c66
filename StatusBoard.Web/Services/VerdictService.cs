using StatusBoard.Probes.Health;
using StatusBoard.Probes.Reports;
using StatusBoard.Probes.Verdicts;
using StatusBoard.Web.Api;

namespace StatusBoard.Web.Services;

/// <summary>
/// The one place a verdict is decided from what StatusBoard holds now: health, user reports and the settings that
/// judge them. The verdict API and the public page both ask here, so they can never disagree.
/// </summary>
public sealed class VerdictService(ReportStore reports, IOptions<VerdictOptions> verdict, ReportsOptions reportOptions, TimeProvider time)
{
    public async Task<VerdictResult> DecideAsync(IReadOnlyList<ComponentHealth> health, string? component, string? region, string? appVersion, CancellationToken cancellationToken)
    {
        var rate = await reports.RateAsync(time.GetUtcNow(), component, cancellationToken);
        return VerdictEvaluator.Decide(health, rate, new VerdictEvaluator.Context(component, region, appVersion, verdict.Value.MinimumAppVersion)
        {
            MinimumNetworks = reportOptions.MinimumNetworks,
        });
    }
}
