namespace StatusBoard.Probes.Running;

/// <summary>Where a run happens: its region, the agent running it, and the sandbox address <c>{sandbox}</c> stands for.</summary>
public sealed record RunContext(string Region, string Agent, string? SandboxBase);

/// <summary>Tells where the built-in sandbox gateway listens, once the server has started.</summary>
public interface ISandboxLocator
{
    /// <summary>The base address that <c>{sandbox}</c> stands for, or null when there is no sandbox.</summary>
    string? BaseAddress { get; }
}
