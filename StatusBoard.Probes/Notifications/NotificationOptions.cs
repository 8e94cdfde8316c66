namespace StatusBoard.Probes.Notifications;

/// <summary><c>StatusBoard:Notifications:Channels:N</c>: where events are sent.</summary>
public sealed class ChannelOptions
{
    /// <summary>A name for logs and the outbox; by default the channel's index.</summary>
    public string? Name { get; set; }

    /// <summary>One of <see cref="Channels.ChannelTypes.All"/>: <c>webhook</c>, <c>slack</c>, <c>email</c>, <c>dingtalk</c>, <c>wecom</c>, <c>feishu</c>, <c>pagerduty</c>, <c>opsgenie</c>, <c>teams</c>, <c>telegram</c>, <c>discord</c>.</summary>
    public string Type { get; set; } = "webhook";

    /// <summary>Where to send; for the services with an address of their own (PagerDuty, Opsgenie, Telegram) it replaces that address (a proxy, a test).</summary>
    public string? Url { get; set; }

    /// <summary>Signs what is sent: webhook bodies (<c>X-StatusBoard-Signature</c>), DingTalk and Feishu robots (their signing secret).</summary>
    public string? Secret { get; set; }

    /// <summary>For <c>pagerduty</c>: the Events API v2 integration key.</summary>
    public string? RoutingKey { get; set; }

    /// <summary>For <c>opsgenie</c> (the GenieKey) and <c>telegram</c> (the bot token).</summary>
    public string? ApiKey { get; set; }

    /// <summary>For <c>telegram</c>: the chat to write to.</summary>
    public string? ChatId { get; set; }

    /// <summary>The language of its messages, <c>zh-CN</c> or <c>en</c>; by default Chinese for DingTalk, WeCom and Feishu, English for the rest.</summary>
    public string? Lang { get; set; }

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
