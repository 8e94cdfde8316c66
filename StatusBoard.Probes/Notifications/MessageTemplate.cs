namespace StatusBoard.Probes.Notifications;

/// <summary>
/// Plain placeholder substitution, never a template engine: <c>{name}</c> is replaced by a known value, anything else —
/// <c>{{7*7}}</c>, <c>{% include %}</c>, <c>@(…)</c>, unknown names — stays exactly as written. Values are never
/// substituted again, so a title cannot inject placeholders of its own.
/// </summary>
public static class MessageTemplate
{
    public const string Default = "[{status}] {title} ({type})";
    public const int MaxLength = 1000;

    public static readonly IReadOnlyList<string> Placeholders = ["type", "title", "status", "url", "at"];

    public static string Render(string? template, IReadOnlyDictionary<string, string> values)
    {
        var text = string.IsNullOrWhiteSpace(template) ? Default : template;
        var result = new StringBuilder(text.Length + 64);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                var close = text.IndexOf('}', i + 1);
                if (close > i + 1 && values.TryGetValue(text[(i + 1)..close], out var value))
                {
                    result.Append(value);
                    i = close;
                    continue;
                }
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }

    public static IReadOnlyDictionary<string, string> Values(NotificationEvent notification, string? baseUrl) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["type"] = notification.Type,
        ["title"] = notification.Title,
        ["status"] = notification.Status,
        ["url"] = (baseUrl?.TrimEnd('/') ?? "") + notification.Url,
        ["at"] = notification.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
    };
}
