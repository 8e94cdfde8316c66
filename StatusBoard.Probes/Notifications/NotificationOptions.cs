namespace StatusBoard.Probes.Notifications;

/// <summary><c>StatusBoard:Notifications:Channels:N</c>: where events are sent.</summary>
public sealed class ChannelOptions
{
    /// <summary>A name for logs and the outbox; by default the channel's index.</summary>
    public string? Name { get; set; }

    /// <summary><c>webhook</c> (signed JSON) or <c>slack</c> (an incoming-webhook message).</summary>
    public string Type { get; set; } = "webhook";

    public string? Url { get; set; }

    /// <summary>Signs webhook bodies: <c>X-StatusBoard-Signature: sha256=&lt;HMAC-SHA256 of the body&gt;</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>Events to send; all when empty: <c>incident.opened</c>, <c>incident.updated</c>, <c>incident.resolved</c>.</summary>
    public List<string> Events { get; set; } = [];
}

public sealed class NotificationOptions
{
    public List<ChannelOptions> Channels { get; set; } = [];

    /// <summary>How often the outbox is looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The first retry waits this long, each next one twice as long, up to an hour.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
