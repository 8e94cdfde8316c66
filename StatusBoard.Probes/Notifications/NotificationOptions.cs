namespace StatusBoard.Probes.Notifications;

/// <summary><c>StatusBoard:Notifications:Channels:N</c>: where events are sent.</summary>
public sealed class ChannelOptions
{
    /// <summary>A name for logs and the outbox; by default the channel's index.</summary>
    public string? Name { get; set; }

    /// <summary><c>webhook</c> (signed JSON), <c>slack</c> (an incoming-webhook message) or <c>email</c> (SMTP).</summary>
    public string Type { get; set; } = "webhook";

    public string? Url { get; set; }

    /// <summary>Signs webhook bodies: <c>X-StatusBoard-Signature: sha256=&lt;HMAC-SHA256 of the body&gt;</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>Events to send; all when empty (see <see cref="NotificationEvent.Types"/>).</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>For <c>email</c>: the addresses to write to.</summary>
    public List<string> To { get; set; } = [];

    /// <summary>
    /// The message of Slack and the subject of e-mail, by plain placeholder substitution: <c>{type}</c>, <c>{title}</c>,
    /// <c>{status}</c>, <c>{url}</c>, <c>{at}</c>. Default <c>[{status}] {title} ({type})</c>.
    /// </summary>
    public string? Template { get; set; }

    public bool Wants(string type) => Events.Count == 0 || Events.Contains(type);
}

/// <summary><c>StatusBoard:Notifications:Smtp</c>: the mail server e-mail channels send through.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>auto</c>, <c>none</c>, <c>starttls</c> or <c>ssl</c>.</summary>
    public string Security { get; set; } = "auto";

    public string From { get; set; } = "statusboard@localhost";

    public string? User { get; set; }

    public string? Password { get; set; }
}

public sealed class NotificationOptions
{
    public List<ChannelOptions> Channels { get; set; } = [];

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Public address of this StatusBoard, for links in messages; none gives paths only.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>How often the outbox is looked at.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The first retry waits this long, each next one twice as long, up to an hour.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
