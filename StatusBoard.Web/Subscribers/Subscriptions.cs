using System.Net.Mail;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Notifications;
using StatusBoard.Probes.Running;
using StatusBoard.Web.Services;

namespace StatusBoard.Web.Subscribers;

/// <summary>
/// Subscriptions to the public page: double opt-in for e-mail (a confirmation first, valid <see cref="SubscriberOptions.ConfirmFor"/>,
/// and nothing else until it is confirmed), webhooks at once under the same destination rules as channels. Public
/// events reach confirmed subscribers of their components through the outbox, one row each, in their language; each
/// message carries a one-click unsubscribe link (RFC 8058).
/// </summary>
public sealed class Subscriptions(
    SubscriberStore store,
    Outbox outbox,
    SubscriberMessages messages,
    ProbeCatalog catalog,
    Destinations destinations,
    IHttpClientFactory clients,
    IOptions<NotificationOptions> notifications,
    IOptions<PageOptions> page,
    IOptions<SubscriberOptions> options,
    TimeProvider time) : IPublicEventListener, IOutboxRoute
{
    public const string ConfirmationType = "subscriber.confirm";
    public const int MaxAddress = 254;
    public const int MaxUrl = 2000;

    public string Prefix => Outbox.SubscriberPrefix;

    /// <summary>The public address links in messages start with; none when StatusBoard does not know it (never the request's Host).</summary>
    public string? Site => (page.Value.Url ?? notifications.Value.BaseUrl)?.TrimEnd('/');

    /// <summary>Whether e-mail can be offered: a mail server and the page's public address are configured.</summary>
    public bool EmailAvailable => SmtpSender.IsConfigured(notifications.Value.Smtp) && Site is not null;

    /// <summary>Validates and takes a subscription; the same answer whether the address was known or not.</summary>
    public async Task<ValidationErrors> SubscribeAsync(SubscribeRequest request, string pageLanguage, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var email = request.Email?.Trim();
        var webhook = request.Webhook?.Trim();
        if (string.IsNullOrEmpty(email) == string.IsNullOrEmpty(webhook))
        {
            errors.Add("email", "give either an e-mail address or a webhook URL, not both");
        }
        else if (!string.IsNullOrEmpty(email))
        {
            if (email.Length > MaxAddress || !MailAddress.TryCreate(email, out var address) || address.Address != email || address.Host.IndexOf('.', StringComparison.Ordinal) < 0)
            {
                errors.Add("email", "must be an e-mail address such as name@example.com");
            }
            else if (!EmailAvailable)
            {
                errors.Add("email", "e-mail updates are not offered here: StatusBoard has no mail server (StatusBoard:Notifications:Smtp:Host) or no public address (StatusBoard:Page:Url)");
            }
        }
        else if (webhook!.Length > MaxUrl || !Uri.TryCreate(webhook, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || url.UserInfo.Length > 0)
        {
            errors.Add("webhook", "must be an absolute http(s) URL without a user name or password");
        }
        else if (destinations.RefusesLiteral(url.Host, url.Port) is { } refused)
        {
            errors.Add("webhook", refused);
        }

        var components = (request.Components ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        foreach (var unknown in components.Where(c => catalog.Current.FindComponent(c) is null))
        {
            errors.Add("components", $"'{unknown}' is not a component of this page");
        }

        var language = request.Lang is null ? pageLanguage : request.Lang is PublicTexts.English or PublicTexts.Chinese ? request.Lang : null;
        if (language is null)
        {
            errors.Add("lang", "must be en or zh-CN");
        }

        if (!errors.IsEmpty)
        {
            return errors;
        }

        var now = time.GetUtcNow();
        if (!string.IsNullOrEmpty(webhook))
        {
            // A program asked for it: it is told at once; asking again for the same URL changes nothing.
            if (await store.FindByAddressAsync(Subscriber.Webhook, webhook, cancellationToken) is null)
            {
                await store.SaveAsync(new Subscriber(NewId(), Subscriber.Webhook, webhook, components, language!, NewToken(), now) { ConfirmedAt = now }, cancellationToken);
            }

            return errors;
        }

        // Addresses never confirmed are forgotten once their link has expired.
        await store.ForgetUnconfirmedAsync(now - options.Value.ConfirmFor, cancellationToken);
        var normalized = email!.ToLowerInvariant();
        var known = await store.FindByAddressAsync(Subscriber.Email, normalized, cancellationToken);
        if (known?.ConfirmedAt is not null || (known?.ConfirmationSentAt is { } sent && now - sent < options.Value.ResendAfter))
        {
            // Confirmed already, or a confirmation was sent a moment ago: nothing more goes to that inbox.
            return errors;
        }

        var subscriber = (known ?? new Subscriber(NewId(), Subscriber.Email, normalized, components, language!, NewToken(), now)) with
        {
            Components = components,
            Language = language!,
            Token = NewToken(),
            ConfirmationSentAt = now,
        };
        await store.SaveAsync(subscriber, cancellationToken);
        var confirmation = messages.Confirmation(subscriber, LinkOf("confirm", subscriber), options.Value.ConfirmFor);
        var eventId = $"confirm:{subscriber.Id}:{now.ToUnixTimeMilliseconds()}";
        await outbox.EnqueueEachAsync(eventId, ConfirmationType, now, [(subscriber.Channel, Payload(eventId, ConfirmationType, now, confirmation))], cancellationToken);
        return errors;
    }

    public async Task<LinkOutcome> ConfirmAsync(string? id, string? token, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, token, cancellationToken) is not { } subscriber)
        {
            return LinkOutcome.Invalid;
        }

        if (subscriber.ConfirmedAt is not null)
        {
            return LinkOutcome.AlreadyDone;
        }

        if (time.GetUtcNow() - (subscriber.ConfirmationSentAt ?? subscriber.CreatedAt) > options.Value.ConfirmFor)
        {
            return LinkOutcome.Expired;
        }

        await store.SaveAsync(subscriber with { ConfirmedAt = time.GetUtcNow() }, cancellationToken);
        return LinkOutcome.Done;
    }

    /// <summary>Whether a link's id and token name a subscriber, for the page that offers the button.</summary>
    public async Task<bool> IsValidAsync(string? id, string? token, CancellationToken cancellationToken) => await FindAsync(id, token, cancellationToken) is not null;

    /// <summary>One click (or one POST from a mail client): the subscriber and all still to be sent to it are gone.</summary>
    public async Task<LinkOutcome> UnsubscribeAsync(string? id, string? token, CancellationToken cancellationToken) =>
        await FindAsync(id, token, cancellationToken) is { } subscriber && await store.RemoveAsync(subscriber.Id, cancellationToken) ? LinkOutcome.Done : LinkOutcome.Invalid;

    /// <summary>An admin removes an address (an e-mail or a webhook URL).</summary>
    public async Task<bool> RemoveAsync(string address, CancellationToken cancellationToken)
    {
        var text = address.Trim();
        var found = await store.FindByAddressAsync(Subscriber.Email, text.ToLowerInvariant(), cancellationToken)
            ?? await store.FindByAddressAsync(Subscriber.Webhook, text, cancellationToken);
        return found is not null && await store.RemoveAsync(found.Id, cancellationToken);
    }

    public async Task OnPublicEventAsync(PublicEvent publicEvent, CancellationToken cancellationToken)
    {
        var site = Site;
        // E-mail needs the page's address for its links; without it (configuration changed since) only webhooks are told.
        var told = (await store.ConfirmedAsync(cancellationToken))
            .Where(s => s.Follows(publicEvent.Components) && (site is not null || s.Kind == Subscriber.Webhook)).ToList();
        if (told.Count == 0)
        {
            return;
        }

        // Worded once per language and kind, not once per subscriber.
        var worded = new Dictionary<(string Language, bool Webhook), string>();
        var notification = publicEvent.Notification;
        var rows = new List<(string Channel, string Payload)>(told.Count);
        foreach (var subscriber in told)
        {
            var key = (subscriber.Language, subscriber.Kind == Subscriber.Webhook);
            if (!worded.TryGetValue(key, out var payload))
            {
                var message = await messages.ForAsync(publicEvent, key.Language, site ?? "", key.Item2, cancellationToken);
                worded[key] = payload = Payload(notification.Id, notification.Type, notification.At, message);
            }

            rows.Add((subscriber.Channel, payload));
        }

        await outbox.EnqueueEachAsync(notification.Id, notification.Type, notification.At, rows, cancellationToken);
    }

    public async Task SendAsync(Outbox.Item item, CancellationToken cancellationToken)
    {
        var subscriber = await store.FindAsync(item.Channel[Prefix.Length..], cancellationToken);
        var confirmation = item.EventType == ConfirmationType;
        if (subscriber is null || (subscriber.ConfirmedAt is null) != confirmation)
        {
            // Gone, or not (or no longer) waiting for what this is: nothing to send.
            return;
        }

        var notification = Json.Deserialize<NotificationEvent>(item.Payload)!;
        var message = ((JsonElement)notification.Data).Deserialize<SubscriberMessage>(Json.Options)!;
        var unsubscribe = LinkOf("unsubscribe", subscriber);
        if (subscriber.Kind == Subscriber.Webhook)
        {
            await PostAsync(subscriber, message, unsubscribe, item, cancellationToken);
            return;
        }

        var smtp = notifications.Value.Smtp;
        var mail = SmtpSender.NewMessage(smtp);
        mail.To.Add(MimeKit.MailboxAddress.Parse(subscriber.Address));
        mail.Subject = message.Subject.ReplaceLineEndings(" ");
        mail.Headers.Add("X-StatusBoard-Delivery", item.EventId);
        if (!confirmation)
        {
            // RFC 2369 and RFC 8058: mail clients offer their own unsubscribe button, which POSTs to the link.
            mail.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            mail.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = confirmation ? message.Text : message.Text + messages.Footer(subscriber, unsubscribe);
        mail.Body = new MimeKit.TextPart("plain") { Text = body };
        await SmtpSender.SendAsync(smtp, mail, cancellationToken);
    }

    private async Task PostAsync(Subscriber subscriber, SubscriberMessage message, string unsubscribe, Outbox.Item item, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(message.Webhook?.GetRawText() ?? "{}")!.AsObject();
        body.Insert(0, "meta", new JsonObject { ["unsubscribe"] = unsubscribe, ["documentation"] = $"{Site}/docs/subscriptions" });
        using var request = new HttpRequestMessage(HttpMethod.Post, subscriber.Address)
        {
            Content = new StringContent(body.ToJsonString(Api.Statuspage.StatuspageView.JsonOptions), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-StatusBoard-Delivery", item.EventId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var response = await clients.CreateClient(NotificationDispatcher.ClientName).SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the subscriber's webhook answered {(int)response.StatusCode}");
        }
    }

    private async Task<Subscriber?> FindAsync(string? id, string? token, CancellationToken cancellationToken)
    {
        if (id is not { Length: > 0 and <= 32 } || token is not { Length: > 0 and <= 64 } || await store.FindAsync(id, cancellationToken) is not { } subscriber)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(subscriber.Token), Encoding.ASCII.GetBytes(token)) ? subscriber : null;
    }

    private string LinkOf(string action, Subscriber subscriber) =>
        $"{Site}/subscribers/{action}?id={subscriber.Id}&token={subscriber.Token}&lang={subscriber.Language}";

    private static string Payload(string eventId, string type, DateTimeOffset at, SubscriberMessage message) =>
        Json.Serialize(new NotificationEvent(eventId, type, at, message.Subject, type, "", JsonSerializer.SerializeToElement(message, Json.Options)));

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
