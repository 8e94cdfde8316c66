using System.Security.Cryptography;

namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>
/// A DingTalk group's custom robot: a markdown message; with the robot's signing secret, <c>timestamp</c> and
/// <c>sign</c> = Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), URL-encoded, as DingTalk checks it. DingTalk
/// answers 200 with <c>errcode</c>, which is 0 only when the message was taken.
/// </summary>
public sealed class DingTalkChannel : ChannelType
{
    public override string Name => "dingtalk";

    public override string Summary => "DingTalk group robot: a markdown message, signed when the robot has a secret (加签)";

    public override string DefaultLanguage => ChannelMessage.Chinese;

    public override IReadOnlyList<ChannelSetting> Settings { get; } =
    [
        new("url", Required: true, Secret: true, "the robot's webhook, https://oapi.dingtalk.com/robot/send?access_token=…"),
        new("secret", Required: false, Secret: true, "the robot's signing secret (SEC…), when it signs"),
    ];

    public override Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        var url = Url(delivery);
        if (delivery.Channel.Secret is { Length: > 0 } text)
        {
            var timestamp = delivery.Now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"timestamp={timestamp}&sign={Uri.EscapeDataString(Sign(delivery.Resolve(text), timestamp))}";
        }

        var message = delivery.Message;
        var markdown = $"#### {message.Line}\n\n" + string.Join("\n", message.Facts.Select(f => $"- {f.Label}: {f.Value}")) + $"\n\n[{message.Open}]({message.Link})";
        return PostJsonAsync(delivery, url, new { msgtype = "markdown", markdown = new { title = message.Line, text = markdown } }, answer => RefusedUnlessZero(answer, "errcode", "errmsg"), cancellationToken: cancellationToken);
    }

    public static string Sign(string secret, string timestamp) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));
}
