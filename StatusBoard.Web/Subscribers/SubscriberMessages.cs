using System.Text.Json;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Maintenance;
using StatusBoard.Probes.Notifications;
using StatusBoard.Web.Api.Statuspage;
using StatusBoard.Web.Services;

namespace StatusBoard.Web.Subscribers;

/// <summary>
/// What a subscriber is sent, in their language, worded as the public page words it: the subject, the text, and for a
/// webhook the event as Statuspage sends it (<c>page</c> and <c>incident</c>; <c>meta.unsubscribe</c> is added when sent).
/// </summary>
public sealed record SubscriberMessage(string Subject, string Text, JsonElement? Webhook);

public sealed class SubscriberMessages(PublicFormat format, ProbeCatalog catalog, StatuspageView statuspage, IOptions<PageOptions> page, TimeProvider time)
{
    public string PageName(string language) => page.Value.NameIn(language);

    /// <summary>The components a subscriber chose, in words: every component when none.</summary>
    public string ComponentsIn(string language, IReadOnlyList<string> keys) =>
        keys.Count == 0 ? PublicTexts.Get(language, "subscribe.all-components")
            : string.Join(PublicFormat.ListSeparator(language), keys.Select(key => catalog.Current.FindComponent(key)?.NameIn(language) ?? key));

    public SubscriberMessage Confirmation(Subscriber subscriber, string confirmUrl, TimeSpan validFor)
    {
        var language = subscriber.Language;
        var values = new Dictionary<string, object>
        {
            ["page"] = PageName(language),
            ["components"] = ComponentsIn(language, subscriber.Components),
            ["hours"] = (int)validFor.TotalHours,
            ["link"] = confirmUrl,
        };
        return new SubscriberMessage(
            $"[{PageName(language)}] {PublicTexts.Get(language, "subscribe.mail.confirm.subject")}",
            PublicTexts.Format(language, "subscribe.mail.confirm.text", values),
            null);
    }

    /// <summary>The event in the language, for subscribers of it; the webhook shape only when a webhook will read it.</summary>
    public async Task<SubscriberMessage> ForAsync(PublicEvent publicEvent, string language, string site, bool webhook, CancellationToken cancellationToken)
    {
        var names = catalog.Current.Components.ToDictionary(c => c.Key, c => c.NameIn(language), StringComparer.Ordinal);
        var (subject, text) = publicEvent.Incident is { } incident ? Words(incident, language, site, names)
            : publicEvent.Window is { } window ? Words(window, publicEvent.Notification, language, site, names)
            : (publicEvent.Notification.Title, "");
        JsonElement? body = null;
        if (webhook)
        {
            var now = await statuspage.BuildAsync(site, cancellationToken);
            object item = publicEvent.Incident is { } i ? statuspage.Incident(i, now.Page, now.Components)
                : statuspage.Maintenance(publicEvent.Window!, now.Page, now.Components);
            body = JsonSerializer.SerializeToElement(new { page = new { id = now.Page.Id, status_indicator = now.Status.Indicator, status_description = now.Status.Description }, incident = item }, StatuspageView.JsonOptions);
        }

        return new SubscriberMessage($"[{PageName(language)}] {subject}", text, body);
    }

    private (string Subject, string Text) Words(Incident incident, string language, string site, IReadOnlyDictionary<string, string> names)
    {
        var title = format.Title(language, incident, names);
        var status = PublicTexts.Get(language, "incident.status." + incident.Status.ToWire());
        var update = incident.Updates.LastOrDefault(u => u.Public);
        var said = update is null ? "" : format.UpdateText(language, incident, update, names);
        var text = new StringBuilder()
            .AppendLine(title)
            .AppendLine($"{status} · {format.TimeText(language, update?.CreatedAt ?? incident.UpdatedAt)}")
            .AppendLine()
            .AppendLine(said)
            .AppendLine()
            .AppendLine(PublicTexts.Format(language, "subscribe.mail.affects", new Dictionary<string, object> { ["components"] = string.Join(PublicFormat.ListSeparator(language), incident.Components.Select(c => names.GetValueOrDefault(c.Key, c.Name))) }))
            .AppendLine(PublicTexts.Format(language, "subscribe.mail.more", new Dictionary<string, object> { ["link"] = $"{site}/incidents/{incident.Id}?lang={language}" }));
        return ($"{title} · {status}", text.ToString());
    }

    private (string Subject, string Text) Words(MaintenanceWindow window, NotificationEvent notification, string language, string site, IReadOnlyDictionary<string, string> names)
    {
        var title = PublicFormat.WrittenText(language, window.TitleText);
        var status = PublicTexts.Get(language, "maintenance." + notification.Status);
        var (from, to) = window.OccurrenceAt(time.GetUtcNow()) ?? (window.StartsAt, window.EndsAt);
        if (notification.Data is JsonElement data && data.TryGetProperty("startsAt", out var starts) && data.TryGetProperty("endsAt", out var ends))
        {
            (from, to) = (starts.GetDateTimeOffset(), ends.GetDateTimeOffset());
        }

        var text = new StringBuilder()
            .AppendLine(title)
            .AppendLine(status)
            .AppendLine()
            .AppendLine(PublicTexts.Format(language, "maintenance.when", new Dictionary<string, object> { ["from"] = format.TimeText(language, from), ["to"] = format.TimeText(language, to) }))
            .AppendLine(PublicTexts.Format(language, "maintenance.affects", new Dictionary<string, object> { ["components"] = string.Join(PublicFormat.ListSeparator(language), window.Components.Select(c => names.GetValueOrDefault(c, c))) }));
        if (window.MessageText is { } message)
        {
            text.AppendLine().AppendLine(PublicFormat.WrittenText(language, message));
        }

        text.AppendLine().AppendLine(PublicTexts.Format(language, "subscribe.mail.more", new Dictionary<string, object> { ["link"] = $"{site}/?lang={language}#maintenance" }));
        return ($"{title} · {status}", text.ToString());
    }

    /// <summary>The end of every message: why it came, and how to stop it with one click.</summary>
    public string Footer(Subscriber subscriber, string unsubscribeUrl) =>
        "\n-- \n" + PublicTexts.Format(subscriber.Language, "subscribe.mail.footer", new Dictionary<string, object>
        {
            ["page"] = PageName(subscriber.Language),
            ["components"] = ComponentsIn(subscriber.Language, subscriber.Components),
            ["link"] = unsubscribeUrl,
        }) + "\n";
}
