using System.Net.Mail;

namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>An e-mail through the configured SMTP server (<c>StatusBoard:Notifications:Smtp</c>): the template as subject, the event as text.</summary>
public sealed class EmailChannel : ChannelType
{
    public override string Name => "email";

    public override string Summary => "e-mail through StatusBoard:Notifications:Smtp: the template as subject, the event in the channel's language as text";

    public override IReadOnlyList<ChannelSetting> Settings { get; } =
    [
        new("to", Required: true, Secret: false, "1 to 20 addresses"),
    ];

    public override void Validate(ChannelOptions channel, ValidationErrors errors)
    {
        if (channel.To.Count == 0 || channel.To.Count > 20 || channel.To.Any(to => !MailAddress.TryCreate(to, out var address) || address.Address != to.Trim()))
        {
            errors.Add("to", "needs 1 to 20 e-mail addresses");
        }
    }

    public override async Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        var smtp = delivery.Options.Smtp;
        var values = MessageTemplate.Values(delivery.Event, delivery.Options.BaseUrl);
        var message = SmtpSender.NewMessage(smtp);
        foreach (var to in delivery.Channel.To)
        {
            message.To.Add(MimeKit.MailboxAddress.Parse(to));
        }

        message.Subject = MessageTemplate.Render(delivery.Channel.Template, values).ReplaceLineEndings(" ");
        message.Headers.Add("X-StatusBoard-Delivery", delivery.Item.EventId);
        message.Body = new MimeKit.TextPart("plain") { Text = $"{delivery.Message.Line}\n\n{delivery.Message.PlainText}\n" };
        await SmtpSender.SendAsync(smtp, message, cancellationToken);
    }
}
