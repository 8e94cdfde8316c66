namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>Every channel type, in the order /ops/channels offers them. A new type is its own file and one line here.</summary>
public static class ChannelTypes
{
    public static readonly IReadOnlyList<ChannelType> All =
    [
        new WebhookChannel(),
        new SlackChannel(),
        new EmailChannel(),
        new DingTalkChannel(),
        new WeComChannel(),
        new FeishuChannel(),
        new PagerDutyChannel(),
        new OpsgenieChannel(),
        new TeamsChannel(),
        new TelegramChannel(),
        new DiscordChannel(),
    ];

    public static ChannelType? Find(string? name) => All.FirstOrDefault(type => type.Name == name);

    public static string Names => string.Join(", ", All.Select(type => type.Name));
}
