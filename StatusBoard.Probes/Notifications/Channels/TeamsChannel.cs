namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>A Microsoft Teams workflow webhook ("When a Teams webhook request is received"): an Adaptive Card.</summary>
public sealed class TeamsChannel : ChannelType
{
    public override string Name => "teams";

    public override string Summary => "Microsoft Teams workflow webhook: an Adaptive Card with the facts and a link";

    public override IReadOnlyList<ChannelSetting> Settings { get; } =
    [
        new("url", Required: true, Secret: true, "the workflow's HTTP POST URL"),
    ];

    public override Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        var message = delivery.Message;
        var card = new Dictionary<string, object>
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new object[]
            {
                new { type = "TextBlock", text = message.Line, weight = "Bolder", size = "Medium", wrap = true },
                new { type = "FactSet", facts = message.Facts.Select(f => new { title = f.Label, value = f.Value }).ToArray() },
            },
            ["actions"] = new object[] { new { type = "Action.OpenUrl", title = message.Open, url = message.Link } },
        };
        return PostJsonAsync(delivery, Url(delivery), new
        {
            type = "message",
            attachments = new[] { new { contentType = "application/vnd.microsoft.card.adaptive", contentUrl = (string?)null, content = card } },
        }, cancellationToken: cancellationToken);
    }
}
