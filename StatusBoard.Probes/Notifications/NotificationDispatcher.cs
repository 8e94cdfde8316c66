using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Definitions;

namespace StatusBoard.Probes.Notifications;

/// <summary>
/// Delivers the outbox: webhooks as signed JSON, Slack as an incoming-webhook message, e-mail over SMTP. A failed delivery is retried
/// with a doubling delay kept in the outbox (so a restart neither loses nor repeats it); a channel that keeps
/// failing is left alone for a while by a circuit breaker.
/// </summary>
public sealed class NotificationDispatcher(
    Outbox outbox,
    ChannelDirectory directory,
    IHttpClientFactory clients,
    IOptions<NotificationOptions> options,
    Cluster.Leadership leadership,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    public const string ClientName = "notifications";
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _breakers = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Periodic.RunAsync(options.Value.PollInterval, time, ct => leadership.IsLeading ? DeliverDueAsync(ct) : Task.CompletedTask, logger, "Delivering notifications", stoppingToken);

    public async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        await directory.EnsureLoadedAsync(cancellationToken);
        var channels = directory.All.ToDictionary(c => c.Name, c => c.Options, StringComparer.Ordinal);
        foreach (var item in await outbox.DueAsync(time.GetUtcNow(), 50, cancellationToken))
        {
            if (!channels.TryGetValue(item.Channel, out var channel))
            {
                await outbox.FailedAsync(item.Id, "the channel is no longer configured", time.GetUtcNow().AddDays(1), cancellationToken);
                continue;
            }

            try
            {
                await Breaker(item.Channel).ExecuteAsync(async token => await SendAsync(item, channel, token), cancellationToken);
                await outbox.DeliveredAsync(item.Id, time.GetUtcNow(), cancellationToken);
            }
            catch (Exception exception) when (IsDeliveryFailure(exception) && !cancellationToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, options.Value.RetryDelay.Ticks * (1L << (int)Math.Min(item.Attempts, 20))));
                var error = Reason(exception);
                await outbox.FailedAsync(item.Id, error, time.GetUtcNow() + delay, cancellationToken);
                logger.LogWarning("Notification {Id} to {Channel} failed (attempt {Attempt}): {Error}", item.Id, item.Channel, item.Attempts + 1, error);
            }
        }
    }

    private async Task SendAsync(Outbox.Item item, ChannelOptions channel, CancellationToken cancellationToken)
    {
        if (channel.Type == "email")
        {
            await EmailAsync(item, channel, cancellationToken);
            return;
        }

        var body = channel.Type == "slack" ? SlackMessage(item.Payload, channel.Template, options.Value.BaseUrl) : item.Payload;
        // ${NAME} references in a channel's URL and secret are read from the environment when sending, never stored.
        var unset = new List<string>();
        var url = Secrets.Resolve(channel.Url ?? "", unset);
        var secret = channel.Secret is null ? null : Secrets.Resolve(channel.Secret, unset);
        if (unset.Count > 0)
        {
            throw new HttpRequestException($"${{{unset[0]}}} is not set in the environment");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-StatusBoard-Event", item.EventType);
        request.Headers.TryAddWithoutValidation("X-StatusBoard-Delivery", item.EventId);
        if (!string.IsNullOrEmpty(secret))
        {
            request.Headers.TryAddWithoutValidation("X-StatusBoard-Signature", Sign(secret, body));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the receiver answered {(int)response.StatusCode}");
        }
    }

    /// <summary>A receiver or mail server that failed, as against a bug here: the first is retried, the second thrown.</summary>
    public static bool IsDeliveryFailure(Exception exception) => exception is HttpRequestException or BrokenCircuitException or TaskCanceledException
        or MailKit.CommandException or MailKit.ProtocolException or MailKit.ServiceNotConnectedException or MailKit.Security.AuthenticationException
        or MimeKit.ParseException or System.Net.Sockets.SocketException or IOException;

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes.</summary>
    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>
    /// A Slack message by plain placeholder substitution, never a template engine. Values are escaped as Slack asks
    /// (&amp;, &lt;, &gt;), so an incident title cannot mention <c>&lt;!everyone&gt;</c> or a user, or make a link.
    /// </summary>
    private static string SlackMessage(string payload, string? template, string? baseUrl) =>
        Json.Serialize(new
        {
            text = MessageTemplate.Render(template, MessageTemplate.Values(Json.Deserialize<NotificationEvent>(payload)!, baseUrl)
                .ToDictionary(pair => pair.Key, pair => SlackText(pair.Value), StringComparer.Ordinal)),
        });

    /// <summary>Text as Slack shows it literally.</summary>
    public static string SlackText(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>An e-mail through the configured SMTP server: the template as subject, the event as plain text.</summary>
    private async Task EmailAsync(Outbox.Item item, ChannelOptions channel, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            throw new MailKit.ServiceNotConnectedException("StatusBoard:Notifications:Smtp:Host is not configured");
        }

        var notification = Json.Deserialize<NotificationEvent>(item.Payload)!;
        var values = MessageTemplate.Values(notification, options.Value.BaseUrl);
        var message = new MimeKit.MimeMessage();
        message.From.Add(MimeKit.MailboxAddress.Parse(smtp.From));
        foreach (var to in channel.To)
        {
            message.To.Add(MimeKit.MailboxAddress.Parse(to));
        }

        message.Subject = MessageTemplate.Render(channel.Template, values).ReplaceLineEndings(" ");
        message.Headers.Add("X-StatusBoard-Delivery", item.EventId);
        message.Body = new MimeKit.TextPart("plain")
        {
            Text = MessageTemplate.Render("{title}\n\nStatus: {status}\nEvent: {type}\nAt: {at}\n{url}\n", values),
        };

        using var client = new MailKit.Net.Smtp.SmtpClient { Timeout = 10_000 };
        var security = smtp.Security switch
        {
            "none" => MailKit.Security.SecureSocketOptions.None,
            "starttls" => MailKit.Security.SecureSocketOptions.StartTls,
            "ssl" => MailKit.Security.SecureSocketOptions.SslOnConnect,
            _ => MailKit.Security.SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    private ResiliencePipeline Breaker(string channel) => _breakers.GetOrAdd(channel, _ => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromMinutes(1),
            BreakDuration = TimeSpan.FromMinutes(1),
            ShouldHandle = new PredicateBuilder().Handle<Exception>(exception => exception is not BrokenCircuitException && IsDeliveryFailure(exception)),
        })
        .Build());

    /// <summary>What went wrong, in words an admin can act on: a refused destination says why, not just that sending failed.</summary>
    private static string Reason(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is Running.BlockedDestinationException blocked)
            {
                return blocked.Message;
            }
        }

        return exception.Message;
    }
}
