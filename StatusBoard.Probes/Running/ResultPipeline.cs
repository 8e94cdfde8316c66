using Microsoft.Extensions.Logging;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Running;

/// <summary>What happens to every run, in order: run and classify, store, fold into health, publish.</summary>
public sealed class ResultPipeline(
    ProbeRunner runner,
    ResultWriter writer,
    HealthTracker health,
    IEnumerable<IResultObserver> observers,
    ILogger<ResultPipeline> logger)
{
    public const string InProcessAgent = "in-process";

    public async Task<ProbeResult> RunAsync(ProbeDefinition probe, RunContext context, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(probe, context, cancellationToken);
        await AcceptAsync(result, cancellationToken);
        return result;
    }

    /// <summary>Takes a classified result, from this process or from an agent.</summary>
    public async Task AcceptAsync(ProbeResult result, CancellationToken cancellationToken)
    {
        await writer.EnqueueAsync(result, cancellationToken);
        health.Record(result);
        foreach (var observer in observers)
        {
            try
            {
                observer.OnResult(result);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Observer {Observer} failed on a result of {ProbeKey}", observer.GetType().Name, result.Probe);
            }
        }
    }
}
