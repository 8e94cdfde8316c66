namespace StatusBoard.Probes.Cluster;

/// <summary>
/// Changes one node made to what every node keeps in memory (the probe catalog, maintenance windows, notification
/// channels). With several web nodes the cluster bus sends each to the others, which read them again from the database;
/// with one node nobody listens.
/// </summary>
public sealed class ClusterSignals
{
    /// <summary>Raised on the node that made a change.</summary>
    public event Action? ConfigurationChanged;

    public void AnnounceConfigurationChanged() => ConfigurationChanged?.Invoke();
}
