namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>
/// PagerDuty's Events API v2: an incident opens (and updates) an alert with <c>trigger</c>, is acknowledged with
/// <c>acknowledge</c> when someone acknowledges it in StatusBoard, and closes with <c>resolve</c> — one
/// <c>dedup_key</c> per incident; severity from its impact. Other events trigger an alert of their own.
/// </summary>
public sealed class PagerDutyChannel : ChannelType
{
    public override string Name => "pagerduty";

    public override string Summary => "PagerDuty Events API v2: trigger, acknowledge and resolve by incident (dedup_key), severity from impact";

    public override string DefaultUrl => "https://events.pagerduty.com/v2/enqueue";

    public override IReadOnlyList<ChannelSetting> Settings { get; } =
    [
        new("routingKey", Required: true, Secret: true, "the integration key of an Events API v2 integration"),
        new("url", Required: false, Secret: false, "the Events API's address, https://events.pagerduty.com/v2/enqueue unless a proxy stands in between"),
    ];

    public override Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        var message = delivery.Message;
        var action = delivery.Event.Type switch
        {
            NotificationEvent.IncidentResolved or NotificationEvent.MaintenanceCompleted => "resolve",
            NotificationEvent.IncidentAcknowledged => "acknowledge",
            _ => "trigger",
        };
        var dedup = "statusboard:" + (message.Incident ?? delivery.Event.Id);
        var body = new Dictionary<string, object>
        {
            ["routing_key"] = delivery.Resolve(delivery.Channel.RoutingKey ?? ""),
            ["event_action"] = action,
            ["dedup_key"] = dedup,
        };
        if (action == "trigger")
        {
            body["payload"] = new
            {
                summary = message.Line.Length > 1024 ? message.Line[..1024] : message.Line,
                source = "statusboard",
                severity = message.Impact switch { "critical" => "critical", "major" => "error", "minor" => "warning", _ => "info" },
                timestamp = delivery.Event.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                component = string.Join(",", message.Facts.Where(f => f.Label is "Components" or "组件").Select(f => f.Value)),
                custom_details = message.Facts.ToDictionary(f => f.Label, f => f.Value),
            };
            body["links"] = new[] { new { href = message.Link, text = "StatusBoard" } };
        }

        return PostJsonAsync(delivery, Url(delivery), body, cancellationToken: cancellationToken);
    }
}
