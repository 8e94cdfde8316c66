namespace StatusBoard.Probes.Health;

/// <summary>
/// Whether the remote agents of a region have all stopped reporting: such a region is <c>blind</c> at once, before its
/// last results grow old. Regions without agents (those probed in-process) are never silent here.
/// </summary>
public interface IRegionPresence
{
    bool IsSilent(string region, DateTimeOffset now);
}
