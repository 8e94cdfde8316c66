namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>A Slack incoming-webhook message from the channel's template.</summary>
public sealed class SlackChannel : ChannelType
{
    public override string Name => "slack";

    public override string Summary => "Slack incoming webhook: the template's text, escaped so a title cannot mention people or make links";

    public override IReadOnlyList<ChannelSetting> Settings { get; } =
    [
        new("url", Required: true, Secret: true, "the incoming webhook's URL (it is the key)"),
    ];

    public override Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        var values = MessageTemplate.Values(delivery.Event, delivery.Options.BaseUrl).ToDictionary(pair => pair.Key, pair => Escape(pair.Value), StringComparer.Ordinal);
        return PostJsonAsync(delivery, Url(delivery), new { text = MessageTemplate.Render(delivery.Channel.Template, values) }, cancellationToken: cancellationToken);
    }

    /// <summary>Text as Slack shows it literally (&amp;, &lt;, &gt; escaped as Slack asks).</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
