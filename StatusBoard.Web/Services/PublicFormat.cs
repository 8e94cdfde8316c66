using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;

namespace StatusBoard.Web.Services;

/// <summary>
/// How the public surfaces word what is not a fixed sentence: regions as the places users know
/// (<c>StatusBoard:Regions</c>), times in the page's time zone with its name (<c>StatusBoard:Page:TimeZone</c>), lists
/// joined as each language joins them, and the titles of incidents StatusBoard opened itself.
/// </summary>
public sealed class PublicFormat
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _regions;
    private readonly (string En, string Zh)? _zoneName;

    public PublicFormat(IOptions<PageOptions> page, IOptions<RegionOptions> regions)
    {
        Zone = PageOptions.FindZone(page.Value.TimeZone) ?? TimeZoneInfo.Utc;
        _zoneName = ZoneNames.TryGetValue(page.Value.TimeZone, out var name) ? name : null;
        _regions = regions.Value.Regions.ToDictionary(
            r => r.Key,
            r => (IReadOnlyDictionary<string, string>)r.Names.ToDictionary(n => n.Key, n => n.Value.Trim(), StringComparer.OrdinalIgnoreCase),
            StringComparer.Ordinal);
    }

    /// <summary>The zone the page's times and days are in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The place a region key stands for, in the language (the other language's when only that is given; the key when none is).</summary>
    public string Region(string language, string key) =>
        _regions.TryGetValue(key, out var names)
            ? names.TryGetValue(language, out var name) ? name : names.Values.First()
            : key;

    public string Regions(string language, IEnumerable<string> keys) => string.Join(ListSeparator(language), keys.Select(key => Region(language, key)));

    /// <summary>The zone's name as readers know it (北京时间), or its offset from UTC at that time.</summary>
    public string ZoneName(string language, DateTimeOffset at) =>
        _zoneName is { } name ? (language == PublicTexts.Chinese ? name.Zh : name.En) : Offset(Zone.GetUtcOffset(at));

    public DateTimeOffset Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone);

    /// <summary>
    /// A time in the page's zone with the zone's name; <c>status.js</c> shows it in the reader's own zone when that is
    /// another one. The element carries the instant and the page zone's offset (minutes) for it.
    /// </summary>
    public string Time(string language, DateTimeOffset time)
    {
        var local = Local(time);
        var iso = time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var offset = (int)local.Offset.TotalMinutes;
        return $"<time datetime=\"{iso}\" data-offset=\"{offset.ToString(CultureInfo.InvariantCulture)}\">{System.Net.WebUtility.HtmlEncode(TimeText(language, time))}</time>";
    }

    /// <summary>A time as plain text in the page's zone with the zone's name: <c>2026-12-02 22:51 北京时间</c>.</summary>
    public string TimeText(string language, DateTimeOffset time) =>
        Local(time).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + ZoneName(language, time);

    public string Stamp(string language, string key, DateTimeOffset time) =>
        PublicTexts.Format(language, key, new Dictionary<string, object> { ["time"] = Time(language, time) });

    /// <summary>Text a person wrote, in the reader's language, or the other language's followed by a note saying so.</summary>
    public static string WrittenText(string language, LocalText text)
    {
        var (written, fallback) = text.In(language);
        return fallback ? $"{written} {PublicTexts.Get(language, "written.fallback")}" : written;
    }

    /// <summary>
    /// <see cref="WrittenText"/> as HTML: Markdown rendered safely, or plain text encoded; text in the other language
    /// carries its <c>lang</c> (screen readers switch voice) and the note beside it.
    /// </summary>
    public static string Written(string language, LocalText text, bool markdown)
    {
        var (written, fallback) = text.In(language);
        var html = markdown ? Markdown.ToHtml(written) : System.Net.WebUtility.HtmlEncode(written);
        if (!fallback)
        {
            return html;
        }

        var other = language == PublicTexts.Chinese ? PublicTexts.English : PublicTexts.Chinese;
        var note = System.Net.WebUtility.HtmlEncode(PublicTexts.Get(language, "written.fallback"));
        return markdown
            ? $"<div lang=\"{other}\">{html}</div><p class=\"written-fallback\">{note}</p>"
            : $"<span lang=\"{other}\">{html}</span> <span class=\"written-fallback\">{note}</span>";
    }

    /// <summary>
    /// A public update as plain text in the reader's language: StatusBoard's own worded here (what it does now and what
    /// fails where), a person's as <see cref="WrittenText"/>. What feeds and subscriber messages say.
    /// </summary>
    public string UpdateText(string language, Incident incident, IncidentUpdate update, IReadOnlyDictionary<string, string> componentNames) =>
        update.Author is null && incident.Automatic
            ? PublicTexts.Get(language, "incident.auto." + update.Status.ToWire()) + (update.Failing.Count > 0 ? " " + Failing(language, update.Failing, componentNames) : "")
            : WrittenText(language, update.BodyText);

    /// <summary><see cref="Title"/> as HTML, a person's title in the other language marked as <see cref="Written"/> marks it.</summary>
    public string TitleHtml(string language, Incident incident, IReadOnlyDictionary<string, string> componentNames) =>
        incident.Automatic ? System.Net.WebUtility.HtmlEncode(Title(language, incident, componentNames)) : Written(language, incident.TitleText, markdown: false);

    /// <summary>An incident's title in the reader's language, from its component and scope.</summary>
    public string Title(string language, Incident incident, IReadOnlyDictionary<string, string> componentNames)
    {
        if (!incident.Automatic)
        {
            // A person wrote this title for users; StatusBoard only words its own.
            return WrittenText(language, incident.TitleText);
        }

        var names = incident.DetectedKeys.Select(key => componentNames.TryGetValue(key, out var name) ? name : null).OfType<string>().ToList();
        var component = names.Count > 0 ? string.Join(ListSeparator(language), names) : incident.Title;
        var slow = incident.SlowOnly ? ".slow" : "";
        return incident.Scope == Scope.PlatformWide
            ? PublicTexts.Format(language, "incident.title.platform-wide" + slow, new Dictionary<string, object> { ["component"] = component })
            : PublicTexts.Format(language, "incident.title.regional" + slow, new Dictionary<string, object> { ["component"] = component, ["regions"] = Regions(language, incident.Regions) });
    }

    /// <summary>What was failing where when StatusBoard posted an update, in the reader's language.</summary>
    public string Failing(string language, IReadOnlyList<FailingGroup> groups, IReadOnlyDictionary<string, string> componentNames)
    {
        var separator = ListSeparator(language);
        var parts = groups.Select(g => PublicTexts.Format(language, "incident.now." + (g.Slow ? "slow" : "failing"), new Dictionary<string, object>
        {
            ["components"] = string.Join(separator, g.Components.Select(key => componentNames.GetValueOrDefault(key, key))),
            ["regions"] = Regions(language, g.Regions),
        }));
        return PublicTexts.Format(language, "incident.now", new Dictionary<string, object> { ["parts"] = string.Join(language == PublicTexts.Chinese ? "；" : "; ", parts) });
    }

    /// <summary>
    /// Evidence values as a reader reads them: a component key becomes its name, a region key its place, and a list of
    /// regions (keys joined with ", ", which no key contains) the places joined as the language joins them, and the
    /// usual number of reports a whole number.
    /// </summary>
    public IReadOnlyDictionary<string, object> Evidence(string language, IReadOnlyDictionary<string, object> values, IReadOnlyDictionary<string, string> componentNames) =>
        values.ToDictionary(pair => pair.Key, pair => pair switch
        {
            { Key: "component", Value: string key } => componentNames.GetValueOrDefault(key, key),
            { Key: "region", Value: string key } => Region(language, key),
            { Key: "regions", Value: string keys } => Regions(language, keys.Split(", ")),
            // Reports are whole: "usually about 0", never "0.3 reports".
            { Key: "usual", Value: double usual } => (object)(long)Math.Round(usual, MidpointRounding.AwayFromZero),
            _ => pair.Value,
        });

    /// <summary>How a list is joined in the language: 、 in Chinese, a comma in English.</summary>
    public static string ListSeparator(string language) => language == PublicTexts.Chinese ? "、" : ", ";

    /// <summary>The month a time falls in, in the page's zone.</summary>
    public string Month(string language, DateTimeOffset time) =>
        language == PublicTexts.Chinese
            ? Local(time).ToString("yyyy年M月", CultureInfo.InvariantCulture)
            : Local(time).ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Offset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return offset == TimeSpan.Zero ? "UTC" : abs.Minutes == 0 ? $"UTC{sign}{abs.Hours}" : $"UTC{sign}{abs.Hours}:{abs.Minutes:00}";
    }

    /// <summary>Zones whose readers know them by name; any other is shown as its offset from UTC.</summary>
    private static readonly Dictionary<string, (string En, string Zh)> ZoneNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Asia/Shanghai"] = ("China Standard Time (UTC+8)", "北京时间"),
        ["Asia/Chongqing"] = ("China Standard Time (UTC+8)", "北京时间"),
        ["PRC"] = ("China Standard Time (UTC+8)", "北京时间"),
        ["Asia/Hong_Kong"] = ("Hong Kong Time (UTC+8)", "香港时间"),
        ["Asia/Macau"] = ("Macau Time (UTC+8)", "澳门时间"),
        ["Asia/Taipei"] = ("Taipei Time (UTC+8)", "台北时间"),
        ["Asia/Singapore"] = ("Singapore Time (UTC+8)", "新加坡时间"),
        ["Etc/UTC"] = ("UTC", "协调世界时 (UTC)"),
        ["UTC"] = ("UTC", "协调世界时 (UTC)"),
    };
}
