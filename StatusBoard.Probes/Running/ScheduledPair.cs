namespace StatusBoard.Probes.Running;

/// <summary>A probe in one region: the unit the scheduler runs on its interval.</summary>
public sealed record ScheduledPair(ProbeDefinition Probe, string Region)
{
    public string Id => $"{Probe.Key}@{Region}";
}
