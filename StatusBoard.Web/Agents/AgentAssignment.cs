namespace StatusBoard.Web.Agents;

/// <summary>
/// Which of a region's live agents runs each probe: the one whose name scores highest for it (rendezvous hashing).
/// Every web node answers the same from the same heartbeats; an agent joining or going silent moves only the probes
/// it wins or held, and each probe × region is run by one agent at a time (give or take a heartbeat while one moves).
/// </summary>
public static class AgentAssignment
{
    public static bool Runs(string probe, string agent, IReadOnlyCollection<string> live) =>
        live.Count == 0 || live.MaxBy(candidate => Score(probe, candidate), Comparer<ulong>.Default) == agent;

    /// <summary>FNV-1a of the pair, mixed (splitmix64's finalizer) so that names differing in one letter score apart.</summary>
    private static ulong Score(string probe, string agent)
    {
        var hash = StableHash.Of($"{probe}\n{agent}");
        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
