namespace StatusBoard.Probes.Running;

/// <summary>How the in-process runner schedules work (<c>StatusBoard:Probes:Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Runs in flight at once, across all probes and regions.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>
    /// The shortest time between two wakes of the scheduler (<c>StatusBoard:Probes:Scheduler:WakeResolution</c>): pairs
    /// that come due within it start together, at most this late. Zero wakes for each pair on its own. Each wake that
    /// finds the machine idle costs more than the runs it starts: at 25 ms a server with 10,000 pairs at 10 s did 3,055
    /// runs per CPU-second against 2,465 at 5 ms, and an agent with 1,000 pairs 1,383–1,531 against 1,056–1,111, for a
    /// start at most 25 ms late (bench/README.md, engine and agent).
    /// </summary>
    public TimeSpan WakeResolution { get; set; } = TimeSpan.FromMilliseconds(25);
}
