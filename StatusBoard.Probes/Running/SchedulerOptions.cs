namespace StatusBoard.Probes.Running;

/// <summary>How the in-process runner schedules work (<c>StatusBoard:Probes:Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Runs in flight at once, across all probes and regions.</summary>
    public int MaxConcurrency { get; set; } = 64;
}
