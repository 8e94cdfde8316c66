using StatusBoard.Probes.Health;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Running;

/// <summary>What happens to every run, in order: run and classify, redact, store, fold into health, publish.</summary>
public sealed class ResultPipeline(
    ProbeRunner runner,
    ResultWriter writer,
    IResultStore store,
    HealthTracker health,
    IEnumerable<IResultObserver> observers,
    ILogger<ResultPipeline> logger)
{
    public const string InProcessAgent = "in-process";

    private readonly Common.Subscribers<ProbeResult> _acceptedHere = new();

    /// <summary>
    /// Tells of each result this node took (its own runs, remote agents' batches sent to it), not of those another
    /// node passed on: what goes to other nodes and, through the SignalR backplane, to every hub client once.
    /// </summary>
    public IDisposable SubscribeAcceptedHere(Action<ProbeResult> onResult) => _acceptedHere.Subscribe(onResult);

    /// <summary>Runs a probe here; the result, redacted, is queued for the writer and folded into health at once.</summary>
    public async Task<ProbeResult> RunAsync(ProbeDefinition probe, RunContext context, CancellationToken cancellationToken)
    {
        // Every result goes through the one redactor, once, before it is stored, published or answered.
        var result = Redaction.Result(await runner.RunAsync(probe, context, cancellationToken));
        await writer.EnqueueAsync(result, cancellationToken);
        Publish(result);
        _acceptedHere.Publish(result);
        return result;
    }

    /// <summary>
    /// Takes a batch of classified results from a remote agent: stored before this returns (so acknowledging it means
    /// it is on disk), each result once however often it is sent; only results not stored before reach health.
    /// Returns how many were new.
    /// </summary>
    public async Task<int> AcceptStoredAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken)
    {
        // An agent redacts too; an older or foreign one may not, so the server does it again before anything keeps it.
        var fresh = await store.WriteNewAsync(results.Select(Redaction.Result).ToList(), cancellationToken);
        foreach (var result in fresh)
        {
            Publish(result);
            _acceptedHere.Publish(result);
        }

        return fresh.Count;
    }

    /// <summary>A result another web node took and stored: folded into this node's health and live views only.</summary>
    public void AcceptFromPeer(ProbeResult result) => Publish(result);

    private void Publish(ProbeResult result)
    {
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
