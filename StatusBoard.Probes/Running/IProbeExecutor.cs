namespace StatusBoard.Probes.Running;

/// <summary>Runs one attempt of a probe kind. Expected failures of the target are data in the attempt, not exceptions.</summary>
public interface IProbeExecutor
{
    ProbeKind Kind { get; }

    Task<Attempt> ExecuteAsync(ProbeDefinition probe, RunContext context, CancellationToken cancellationToken);
}
