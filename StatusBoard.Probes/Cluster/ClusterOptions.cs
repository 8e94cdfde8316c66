namespace StatusBoard.Probes.Cluster;

/// <summary>Several web nodes on one PostgreSQL database (<c>StatusBoard:Cluster</c>).</summary>
public sealed class ClusterOptions
{
    /// <summary>
    /// The installation's name on Redis: its channels start with it, so installations (or test runs) sharing one Redis
    /// never hear each other.
    /// </summary>
    public string Name { get; set; } = "statusboard";

    /// <summary>This node's name in the lease and on /api/v1/engine; by default the host name and process id.</summary>
    public string? NodeName { get; set; }

    /// <summary>How long the scheduler lease lasts unrenewed: a node that dies hands it over at most this long after.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the holder renews the lease and the others try to take it.</summary>
    public TimeSpan LeaseRenewal { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A StackExchange.Redis configuration string (<c>redis:6379</c>): SignalR goes through its backplane and the nodes
    /// tell each other of results and changes through it. Needed with more than one web node.
    /// </summary>
    public string? Redis { get; set; }
}
