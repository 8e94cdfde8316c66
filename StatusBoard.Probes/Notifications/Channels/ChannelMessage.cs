namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>
/// An event in words for people in a chat or a pager, in the channel's language (<c>zh-CN</c> or <c>en</c>): what it
/// is, its status, and for an incident its impact, scope, regions and failure categories, with a link to /ops.
/// </summary>
public sealed record ChannelMessage(string Language, string Heading, string Title, IReadOnlyList<(string Label, string Value)> Facts, string Link)
{
    public const string Chinese = "zh-CN";

    public bool IsChinese => Language == Chinese;

    /// <summary>The incident's id, when the event is about one: the key services deduplicate and close by.</summary>
    public string? Incident { get; init; }

    /// <summary>The incident's impact (<c>none</c>, <c>minor</c>, <c>major</c>, <c>critical</c>), when it has one.</summary>
    public string? Impact { get; init; }

    /// <summary>The words of the link to /ops.</summary>
    public string Open => IsChinese ? "在 StatusBoard 中查看" : "Open in StatusBoard";

    /// <summary>The heading and title on one line: "[Resolved] Payments failing in sg".</summary>
    public string Line => $"[{Heading}] {Title}";

    /// <summary>Every fact as "label: value" lines, then the link.</summary>
    public string PlainText => string.Join('\n', Facts.Select(f => $"{f.Label}: {f.Value}").Append(Link));

    public static ChannelMessage For(NotificationEvent notification, string? language, string? baseUrl)
    {
        var zh = language == Chinese;
        var data = notification.Data is JsonElement element ? element : JsonSerializer.SerializeToElement(notification.Data, Json.Options);
        string? Text(string name) => data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        IEnumerable<string> List(string name) => data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.ToString()) : [];
        var incident = Text("incident");
        var facts = new List<(string, string)> { (zh ? "状态" : "Status", Status(notification.Status, zh)) };
        if (Text("impact") is { } impact)
        {
            facts.Add((zh ? "影响" : "Impact", ImpactIn(impact, zh)));
        }

        if (Text("scope") is { Length: > 0 } scope && scope != "none")
        {
            facts.Add((zh ? "范围" : "Scope", scope == "platform-wide" ? (zh ? "全平台" : "platform-wide") : (zh ? "部分地区" : "regional")));
        }

        if (List("regions").ToList() is { Count: > 0 } regions)
        {
            facts.Add((zh ? "地区" : "Regions", string.Join(", ", regions)));
        }

        if (List("components").ToList() is { Count: > 0 } components)
        {
            facts.Add((zh ? "组件" : "Components", string.Join(", ", components)));
        }

        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("categories", out var categories) && categories.ValueKind == JsonValueKind.Object
            && categories.EnumerateObject().Any())
        {
            facts.Add((zh ? "失败类别" : "Failure categories", string.Join(", ", categories.EnumerateObject().OrderByDescending(c => c.Value.ToString()).Select(c => $"{c.Name} {c.Value}"))));
        }

        facts.Add((zh ? "时间" : "At", notification.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)));
        // On-call people act in /ops: an incident links to its page there, the rest to the dashboard.
        var link = (baseUrl?.TrimEnd('/') ?? "") + (incident is null ? "/ops" : $"/ops/incidents/{incident}");
        return new ChannelMessage(zh ? Chinese : "en", HeadingOf(notification.Type, zh), notification.Title, facts, link) { Incident = incident, Impact = Text("impact") };
    }

    private static string HeadingOf(string type, bool zh) => type switch
    {
        NotificationEvent.IncidentOpened => zh ? "新故障" : "Incident opened",
        NotificationEvent.IncidentUpdated => zh ? "故障更新" : "Incident updated",
        NotificationEvent.IncidentResolved => zh ? "已恢复" : "Resolved",
        NotificationEvent.IncidentAcknowledged => zh ? "已确认" : "Acknowledged",
        NotificationEvent.IncidentEscalated => zh ? "升级：无人确认" : "Escalated: unacknowledged",
        NotificationEvent.MaintenanceStarted => zh ? "维护开始" : "Maintenance started",
        NotificationEvent.MaintenanceCompleted => zh ? "维护结束" : "Maintenance completed",
        NotificationEvent.BlindSpot => zh ? "监测盲区" : "Not watching",
        NotificationEvent.StorageFailing => zh ? "结果无法保存" : "Results not stored",
        NotificationEvent.ProbeError => zh ? "探测配置错误" : "Probe cannot run",
        NotificationEvent.Test => zh ? "测试消息" : "Test message",
        _ => type,
    };

    private static string Status(string status, bool zh) => status switch
    {
        "investigating" => zh ? "排查中" : "investigating",
        "identified" => zh ? "已定位原因" : "identified",
        "monitoring" => zh ? "已修复，观察中" : "monitoring",
        "resolved" => zh ? "已恢复" : "resolved",
        _ => status,
    };

    private static string ImpactIn(string impact, bool zh) => (impact, zh) switch
    {
        ("critical", true) => "严重",
        ("major", true) => "较大",
        ("minor", true) => "轻微",
        ("none", true) => "无",
        _ => impact,
    };
}
