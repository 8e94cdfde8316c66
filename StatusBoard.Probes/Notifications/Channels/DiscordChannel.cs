namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>A Discord channel webhook: one embed with the facts; mentions are never parsed, so a title cannot ping anyone.</summary>
public sealed class DiscordChannel : ChannelType
{
    public override string Name => "discord";

    public override string Summary => "Discord webhook: an embed with the facts, mentions off";

    public override IReadOnlyList<ChannelSetting> Settings { get; } =
    [
        new("url", Required: true, Secret: true, "the webhook's URL, https://discord.com/api/webhooks/…"),
    ];

    public override Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        var message = delivery.Message;
        var colour = delivery.Event.Type switch
        {
            NotificationEvent.IncidentResolved or NotificationEvent.MaintenanceCompleted => 0x2FB36C,
            NotificationEvent.MaintenanceStarted or NotificationEvent.Test => 0x4EA1FF,
            _ => 0xE5484D,
        };
        return PostJsonAsync(delivery, Url(delivery), new
        {
            embeds = new[]
            {
                new
                {
                    title = Cut(message.Line, 256),
                    url = message.Link,
                    color = colour,
                    fields = message.Facts.Select(f => new { name = f.Label, value = Cut(f.Value, 1024), inline = true }).ToArray(),
                    timestamp = delivery.Event.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                },
            },
            allowed_mentions = new { parse = Array.Empty<string>() },
        }, cancellationToken: cancellationToken);
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
