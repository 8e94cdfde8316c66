namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>A Telegram bot's <c>sendMessage</c> to a chat; Telegram answers <c>{"ok": true}</c> when it took it.</summary>
public sealed class TelegramChannel : ChannelType
{
    public override string Name => "telegram";

    public override string Summary => "Telegram bot: sendMessage to a chat, as plain text";

    public override string DefaultUrl => "https://api.telegram.org";

    public override IReadOnlyList<ChannelSetting> Settings { get; } =
    [
        new("apiKey", Required: true, Secret: true, "the bot's token from @BotFather"),
        new("chatId", Required: true, Secret: false, "the chat, group or channel to write to (-100… or @name)"),
        new("url", Required: false, Secret: false, "the Bot API's address, https://api.telegram.org unless a proxy stands in between"),
    ];

    public override Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        var url = $"{Url(delivery).TrimEnd('/')}/bot{delivery.Resolve(delivery.Channel.ApiKey ?? "")}/sendMessage";
        var message = delivery.Message;
        return PostJsonAsync(delivery, url, new { chat_id = delivery.Channel.ChatId, text = $"{message.Line}\n\n{message.PlainText}", disable_web_page_preview = true },
            answer => answer.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True ? null : answer.TryGetProperty("description", out var d) ? d.ToString() : "ok is not true",
            cancellationToken: cancellationToken);
    }
}
