namespace StatusBoard.Web.Agents;

/// <summary>How the server treats remote agents (<c>StatusBoard:Agents</c>).</summary>
public sealed class AgentServerOptions
{
    /// <summary>
    /// An agent not heard from for this long (no heartbeat, no probe read) is silent: its probes go to the other agents
    /// of its region. Agents beat every 10 s by default.
    /// </summary>
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromSeconds(45);
}
