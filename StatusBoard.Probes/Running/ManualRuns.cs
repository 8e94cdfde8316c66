using StatusBoard.Probes.Catalog;

namespace StatusBoard.Probes.Running;

/// <summary>"Run now": one run of a probe in each of its local regions, outside its schedule, stored and published like any other.</summary>
public sealed class ManualRuns(ProbeCatalog catalog, ResultPipeline pipeline, ISandboxLocator sandbox)
{
    /// <summary>The results, one per local region; null when there is no such probe.</summary>
    public async Task<IReadOnlyList<ProbeResult>?> RunNowAsync(string probeKey, CancellationToken cancellationToken)
    {
        var probe = catalog.Current.FindProbe(probeKey);
        if (probe is null)
        {
            return null;
        }

        var regions = probe.Regions.Where(catalog.LocalRegions.Contains).ToList();
        var runs = regions.Select(region =>
            pipeline.RunAsync(probe, new RunContext(region, ResultPipeline.InProcessAgent, sandbox.BaseAddress), cancellationToken));
        return await Task.WhenAll(runs);
    }
}
