namespace StatusBoard.Probes.Notifications;

/// <summary>Sends one message through the configured SMTP server (<c>StatusBoard:Notifications:Smtp</c>): e-mail channels and subscribers.</summary>
public static class SmtpSender
{
    /// <summary>Whether e-mail can be sent at all: a server is configured.</summary>
    public static bool IsConfigured(SmtpOptions smtp) => !string.IsNullOrWhiteSpace(smtp.Host);

    /// <summary>A message from the configured sender, its <c>From</c> set here.</summary>
    public static MimeKit.MimeMessage NewMessage(SmtpOptions smtp)
    {
        var message = new MimeKit.MimeMessage();
        message.From.Add(MimeKit.MailboxAddress.Parse(smtp.From));
        return message;
    }

    public static async Task SendAsync(SmtpOptions smtp, MimeKit.MimeMessage message, CancellationToken cancellationToken)
    {
        if (!IsConfigured(smtp))
        {
            throw new MailKit.ServiceNotConnectedException("StatusBoard:Notifications:Smtp:Host is not configured");
        }

        using var client = new MailKit.Net.Smtp.SmtpClient { Timeout = 10_000 };
        var security = smtp.Security switch
        {
            "none" => MailKit.Security.SecureSocketOptions.None,
            "starttls" => MailKit.Security.SecureSocketOptions.StartTls,
            "ssl" => MailKit.Security.SecureSocketOptions.SslOnConnect,
            _ => MailKit.Security.SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
