namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>
/// Opsgenie's Alert API (<c>Authorization: GenieKey …</c>): an incident creates an alert whose <c>alias</c> is the
/// incident's id, is acknowledged by alias when someone acknowledges it in StatusBoard, and closed by alias when it
/// resolves; priority from impact.
/// </summary>
public sealed class OpsgenieChannel : ChannelType
{
    public override string Name => "opsgenie";

    public override string Summary => "Opsgenie Alert API: create by alias (the incident), acknowledge and close by alias, priority from impact";

    public override string DefaultUrl => "https://api.opsgenie.com";

    public override IReadOnlyList<ChannelSetting> Settings { get; } =
    [
        new("apiKey", Required: true, Secret: true, "an API integration's key (sent as GenieKey)"),
        new("url", Required: false, Secret: false, "the API's address: https://api.opsgenie.com, https://api.eu.opsgenie.com in the EU, or a proxy"),
    ];

    public override Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        var message = delivery.Message;
        var alias = "statusboard-" + (message.Incident ?? delivery.Event.Id);
        var root = Url(delivery).TrimEnd('/');
        var key = delivery.Resolve(delivery.Channel.ApiKey ?? "");
        void Authorize(HttpRequestMessage request) => request.Headers.TryAddWithoutValidation("Authorization", "GenieKey " + key);
        var escaped = Uri.EscapeDataString(alias);
        return delivery.Event.Type switch
        {
            NotificationEvent.IncidentResolved or NotificationEvent.MaintenanceCompleted =>
                PostJsonAsync(delivery, $"{root}/v2/alerts/{escaped}/close?identifierType=alias", new { source = "StatusBoard", note = message.Line }, headers: Authorize, cancellationToken: cancellationToken),
            NotificationEvent.IncidentAcknowledged =>
                PostJsonAsync(delivery, $"{root}/v2/alerts/{escaped}/acknowledge?identifierType=alias", new { source = "StatusBoard", note = message.Line }, headers: Authorize, cancellationToken: cancellationToken),
            _ => PostJsonAsync(delivery, $"{root}/v2/alerts", new
            {
                message = message.Line.Length > 130 ? message.Line[..130] : message.Line,
                alias,
                description = message.PlainText,
                source = "StatusBoard",
                priority = message.Impact switch { "critical" => "P1", "major" => "P2", "minor" => "P3", _ => "P5" },
                details = message.Facts.ToDictionary(f => f.Label, f => f.Value),
            }, headers: Authorize, cancellationToken: cancellationToken),
        };
    }
}
