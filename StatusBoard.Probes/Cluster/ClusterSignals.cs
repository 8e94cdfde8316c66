namespace StatusBoard.Probes.Cluster;

/// <summary>
/// Changes one node made to what every node keeps in memory (the probe catalog, maintenance windows, notification
/// channels). With several web nodes the cluster bus sends each to the others, which read them again from the database;
/// with one node nobody listens.
/// </summary>
public sealed class ClusterSignals
{
    private readonly Subscribers<bool> _configurationChanges = new();

    /// <summary>Tells <paramref name="listener"/> of each change made on this node, until the subscription is disposed.</summary>
    public IDisposable SubscribeConfigurationChanges(Action listener) => _configurationChanges.Subscribe(_ => listener());

    public void AnnounceConfigurationChanged() => _configurationChanges.Publish(true);
}
