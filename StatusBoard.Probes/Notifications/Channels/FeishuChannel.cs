using System.Security.Cryptography;

namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>
/// A Feishu (飞书) custom bot: an interactive card; with the bot's signature verification on, <c>timestamp</c> (seconds)
/// and <c>sign</c> = Base64(HMAC-SHA256 keyed with timestamp + "\n" + secret, of nothing), as Feishu checks it. Feishu
/// answers with <c>code</c>, 0 when taken.
/// </summary>
public sealed class FeishuChannel : ChannelType
{
    public override string Name => "feishu";

    public override string Summary => "Feishu (飞书) custom bot: an interactive card, signed when signature verification is on";

    public override string DefaultLanguage => ChannelMessage.Chinese;

    public override IReadOnlyList<ChannelSetting> Settings { get; } =
    [
        new("url", Required: true, Secret: true, "the bot's webhook, https://open.feishu.cn/open-apis/bot/v2/hook/…"),
        new("secret", Required: false, Secret: true, "the bot's signing secret, when signature verification is on"),
    ];

    public override Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        var message = delivery.Message;
        var card = new
        {
            header = new { title = new { tag = "plain_text", content = message.Line }, template = delivery.Event.Type == NotificationEvent.IncidentResolved ? "green" : "red" },
            elements = new object[]
            {
                new { tag = "div", text = new { tag = "lark_md", content = string.Join("\n", message.Facts.Select(f => $"**{f.Label}**: {f.Value}")) } },
                new { tag = "action", actions = new[] { new { tag = "button", text = new { tag = "plain_text", content = message.Open }, url = message.Link, type = "primary" } } },
            },
        };
        var body = new Dictionary<string, object> { ["msg_type"] = "interactive", ["card"] = card };
        if (delivery.Channel.Secret is { Length: > 0 } text)
        {
            var timestamp = delivery.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            body["timestamp"] = timestamp;
            body["sign"] = Sign(delivery.Resolve(text), timestamp);
        }

        return PostJsonAsync(delivery, Url(delivery), body, answer => RefusedUnlessZero(answer, answer.TryGetProperty("StatusCode", out _) && !answer.TryGetProperty("code", out _) ? "StatusCode" : "code", "msg"), cancellationToken: cancellationToken);
    }

    public static string Sign(string secret, string timestamp) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(timestamp + "\n" + secret), Array.Empty<byte>()));
}
