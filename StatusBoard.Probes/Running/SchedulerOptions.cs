namespace StatusBoard.Probes.Running;

/// <summary>How the in-process runner schedules work (<c>StatusBoard:Probes:Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Runs in flight at once, across all probes and regions.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>
    /// The shortest time between two wakes of the scheduler (<c>StatusBoard:Probes:Scheduler:WakeResolution</c>): pairs
    /// that come due within it start together, at most this late. Zero wakes for each pair on its own.
    /// </summary>
    public TimeSpan WakeResolution { get; set; } = TimeSpan.FromMilliseconds(5);
}
