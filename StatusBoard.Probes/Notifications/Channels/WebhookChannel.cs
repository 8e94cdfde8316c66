using System.Security.Cryptography;

namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>The event as StatusBoard's own JSON, signed with the channel's secret: for programs that act on it.</summary>
public sealed class WebhookChannel : ChannelType
{
    public override string Name => "webhook";

    public override string Summary => "StatusBoard's event as JSON, signed: X-StatusBoard-Signature: sha256=<HMAC-SHA256 of the body>";

    public override IReadOnlyList<ChannelSetting> Settings { get; } =
    [
        new("url", Required: true, Secret: false, "where to POST the event"),
        new("secret", Required: false, Secret: true, "signs the body (X-StatusBoard-Signature)"),
    ];

    public override async Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        var body = delivery.Item.Payload;
        var secret = delivery.Channel.Secret is { } text ? delivery.Resolve(text) : null;
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(delivery)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-StatusBoard-Event", delivery.Item.EventType);
        request.Headers.TryAddWithoutValidation("X-StatusBoard-Delivery", delivery.Item.EventId);
        if (!string.IsNullOrEmpty(secret))
        {
            request.Headers.TryAddWithoutValidation("X-StatusBoard-Signature", Sign(secret, body));
        }

        await SendAsync(delivery, request, refused: null, cancellationToken);
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes.</summary>
    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
