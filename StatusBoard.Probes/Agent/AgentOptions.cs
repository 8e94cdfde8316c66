namespace StatusBoard.Probes.Agent;

/// <summary><c>StatusBoard:Agent</c>: where a remote agent delivers, for which region, with which key.</summary>
public sealed class AgentOptions
{
    /// <summary>The StatusBoard server, e.g. <c>https://status.example</c>.</summary>
    public string Server { get; set; } = "";

    public string Region { get; set; } = "";

    /// <summary>The agent key an admin created for this region.</summary>
    public string Key { get; set; } = "";

    /// <summary>Results waiting for the server are kept here, in order, across restarts.</summary>
    public string BufferPath { get; set; } = "data/agent-buffer.db";

    /// <summary>
    /// Most results kept one by one while the server is away (a day of 100,000 is about 70 probes a minute); past it
    /// the oldest are summed per probe and minute, so uptime still counts them while the disk stays bounded.
    /// </summary>
    public int MaxBufferedResults { get; set; } = 100_000;

    /// <summary>Largest the buffer file may grow, in megabytes (0: as large as the disk allows); past it, as on a full disk, the newest results wait in memory.</summary>
    public double BufferMaxMegabytes { get; set; }

    /// <summary>Most results kept in memory while the buffer file takes none (a full disk); past it the oldest are let go.</summary>
    public int MaxInMemoryResults { get; set; } = 10_000;

    /// <summary>How often the region's probes are read again from the server.</summary>
    public TimeSpan PullInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the agent tells the server it is alive (and learns whether its probes changed).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often waiting results are delivered.</summary>
    public TimeSpan DeliverInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most results in one delivered batch.</summary>
    public int MaxBatch { get; set; } = 500;
}
