namespace StatusBoard.Probes.Running;

/// <summary>Where a run happens: its region, the agent running it, and the sandbox address <c>{sandbox}</c> stands for.</summary>
public sealed record RunContext(string Region, string Agent, string? SandboxBase)
{
    /// <summary>
    /// The values <c>{{uuid}}</c> and <c>{{timestamp}}</c> drew in this run, so every retry of the run resends the same
    /// request — its <c>Idempotency-Key</c> included — and a retried payment is never a second payment.
    /// <see cref="ProbeRunner"/> gives each run its own.
    /// </summary>
    public RunDraws Draws { get; init; } = new();
}

/// <summary>Placeholder values drawn once per run, by where they stand in the request (step, field, occurrence).</summary>
public sealed class RunDraws
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

    public string Get(string slot, Func<string> draw) => _values.GetOrAdd(slot, _ => draw());

    /// <summary>Values a journey's steps extracted in any attempt of the run, newest last: what its cleanup steps use.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Extracted { get; } = new(StringComparer.Ordinal);
}

/// <summary>Tells where the built-in sandbox gateway listens, once the server has started.</summary>
public interface ISandboxLocator
{
    /// <summary>The base address that <c>{sandbox}</c> stands for, or null when there is no sandbox.</summary>
    string? BaseAddress { get; }
}
