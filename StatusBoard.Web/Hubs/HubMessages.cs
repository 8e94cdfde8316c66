using StatusBoard.Probes.Health;
using StatusBoard.Probes.Running;
using StatusBoard.Web.Api;

namespace StatusBoard.Web.Hubs;

/// <summary>The shapes sent on the hub: the same as <c>/api/v1/health</c> and <c>/api/v1/results</c>.</summary>
public static class HubMessages
{
    public static object Components(IReadOnlyList<ComponentHealth> components) => components.Select(c => new
    {
        c.Key,
        c.Name,
        c.Status,
        c.Scope,
        regions = c.Regions.Select(r => new { r.Region, r.Status, r.SuccessRate, r.P95Ms, r.LastResultAt }),
    }).ToList();

    public static object Result(ProbeResult result) => ResultView.From(result);
}
