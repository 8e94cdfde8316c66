namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>A WeCom (企业微信) group robot: a markdown message. WeCom answers 200 with <c>errcode</c>, 0 when taken.</summary>
public sealed class WeComChannel : ChannelType
{
    public override string Name => "wecom";

    public override string Summary => "WeCom (企业微信) group robot: a markdown message";

    public override string DefaultLanguage => ChannelMessage.Chinese;

    public override IReadOnlyList<ChannelSetting> Settings { get; } =
    [
        new("url", Required: true, Secret: true, "the robot's webhook, https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"),
    ];

    public override Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        var message = delivery.Message;
        var content = $"**{message.Line}**\n" + string.Join("\n", message.Facts.Select(f => $"> {f.Label}: <font color=\"comment\">{f.Value}</font>"))
            + $"\n[{message.Open}]({message.Link})";
        return PostJsonAsync(delivery, Url(delivery), new { msgtype = "markdown", markdown = new { content } }, answer => RefusedUnlessZero(answer, "errcode", "errmsg"), cancellationToken: cancellationToken);
    }
}
