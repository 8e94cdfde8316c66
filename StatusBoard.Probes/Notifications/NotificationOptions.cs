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

    /// <summary>The components it hears of; all when empty. An event that names none (a blind region, storage) is heard by every channel that wants its type.</summary>
    public List<string> Components { get; set; } = [];

    /// <summary>The least impact of an incident it hears of (<c>none</c>, <c>minor</c>, <c>major</c>, <c>critical</c>); every incident when unset.</summary>
    public string? MinImpact { get; set; }

    /// <summary>How long an incident it heard of may stay unacknowledged (<c>15m</c>) before it goes to <see cref="EscalateTo"/>.</summary>
    public string? EscalateAfter { get; set; }

    /// <summary>The channel an unacknowledged incident escalates to (<c>incident.escalated</c>).</summary>
    public string? EscalateTo { get; set; }

    /// <summary>The settings that are credentials (a chat webhook's URL is its key): stored encrypted unless they are <c>${NAME}</c> references.</summary>
    public static readonly IReadOnlyList<string> Protected = ["url", "secret", "routingKey", "apiKey"];

    /// <summary>A setting by the name channel types give it (<see cref="Channels.ChannelSetting.Name"/>): <c>url</c>, <c>secret</c>, <c>routingKey</c>, <c>apiKey</c>, <c>chatId</c>, <c>to</c>.</summary>
    public string? Get(string setting) => setting switch
    {
        "url" => Url,
        "secret" => Secret,
        "routingKey" => RoutingKey,
        "apiKey" => ApiKey,
        "chatId" => ChatId,
        "to" => To.Count == 0 ? null : string.Join(",", To),
        _ => null,
    };

    /// <summary>Sets one of the single-valued settings by its name (<c>to</c> is a list; set <see cref="To"/>).</summary>
    public void Set(string setting, string? value)
    {
        switch (setting)
        {
            case "url": Url = value; break;
            case "secret": Secret = value; break;
            case "routingKey": RoutingKey = value; break;
            case "apiKey": ApiKey = value; break;
            case "chatId": ChatId = value; break;
            default: throw new ArgumentException($"'{setting}' is not a single-valued channel setting", nameof(setting));
        }
    }

    public bool Wants(string type) => Events.Count == 0 || Events.Contains(type);

    /// <summary>Whether this channel is told of the event: its type, and for an event about components or an incident, its components and impact.</summary>
    public bool Hears(NotificationEvent notification)
    {
        if (notification.Type == NotificationEvent.Test)
        {
            return true;
        }

        if (!Wants(notification.Type))
        {
            return false;
        }

        var data = notification.Data as System.Text.Json.JsonElement? ?? System.Text.Json.JsonSerializer.SerializeToElement(notification.Data, Common.Json.Options);
        if (data.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return true;
        }

        if (Components.Count > 0 && data.TryGetProperty("components", out var named) && named.ValueKind == System.Text.Json.JsonValueKind.Array
            && !named.EnumerateArray().Any(c => Components.Contains(c.GetString() ?? "")))
        {
            return false;
        }

        return MinImpact is null || !data.TryGetProperty("impact", out var impact)
            || !Common.WireNames.TryParse<Incidents.Impact>(impact.GetString() ?? "", out var level)
            || !Common.WireNames.TryParse<Incidents.Impact>(MinImpact, out var least) || level >= least;
    }
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
