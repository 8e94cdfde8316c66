namespace StatusBoard.Web.Services;

/// <summary><c>StatusBoard:Page</c>: how the status page names itself to people and to Statuspage consumers.</summary>
public sealed class PageOptions
{
    public string Name { get; set; } = "StatusBoard";

    /// <summary>The platform's name by language (<c>zh-CN</c>: 演示钱包); <see cref="Name"/> where a language has none.</summary>
    public Dictionary<string, string> Names { get; set; } = [];

    public string NameIn(string language) =>
        Names.FirstOrDefault(n => string.Equals(n.Key, language, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } name ? name : Name;

    /// <summary>The platform's logo at the top of every public page: an absolute http(s) address or a path on this site.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>The platform's icon for browser tabs; StatusBoard's own when unset.</summary>
    public string? FaviconUrl { get; set; }

    /// <summary>The platform's colour for links, buttons and the page's top rule: <c>#rrggbb</c>.</summary>
    public string? AccentColor { get; set; }

    /// <summary>Links at the foot of every public page (help centre, terms, the platform's own site).</summary>
    public List<PageLink> Links { get; set; } = [];

    /// <summary>The public address of the page; by default the address the request came to.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// An IANA time zone name: the public pages show times in it with its name (北京时间 for the default), group the
    /// history by its months and count uptime by its days; Statuspage consumers are given it as <c>time_zone</c>.
    /// </summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>The zone named, or null when this machine does not know it. China's zone is known without tzdata.</summary>
    public static TimeZoneInfo? FindZone(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
        {
            return zone;
        }

        // Without tzdata (a slim container) China's zone is still known: UTC+8 all year since 1991.
        return name is "Asia/Shanghai" or "Asia/Chongqing" or "PRC"
            ? TimeZoneInfo.CreateCustomTimeZone(name, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time")
            : null;
    }

    /// <summary>
    /// The platform's public ping URL, which the self-check fetches from the user's own browser; by default the
    /// sandbox's <c>/sandbox/ping</c> when the sandbox is on. The server never fetches it.
    /// </summary>
    public string? PingUrl { get; set; }

    /// <summary>
    /// Where the platform announces outages and fixes (its notices page, official accounts): linked from the advice to
    /// watch them.
    /// </summary>
    public List<PageLink> Announcements { get; set; } = [];

    /// <summary>What is wrong with the links, one line each.</summary>
    public IEnumerable<string> LinkProblems() =>
        Announcements.SelectMany((link, i) => link.Problems($"StatusBoard:Page:Announcements:{i}"))
            .Concat(Links.SelectMany((link, i) => link.Problems($"StatusBoard:Page:Links:{i}")));

    /// <summary>What is wrong with the page's look, one line each.</summary>
    public IEnumerable<string> BrandProblems()
    {
        if (AccentColor is not null && !System.Text.RegularExpressions.Regex.IsMatch(AccentColor, "^#[0-9a-fA-F]{6}$"))
        {
            yield return "StatusBoard:Page:AccentColor must be a colour such as #1677ff";
        }

        foreach (var (name, url) in new[] { ("LogoUrl", LogoUrl), ("FaviconUrl", FaviconUrl) })
        {
            if (url is not null && !IsImageAddress(url))
            {
                yield return $"StatusBoard:Page:{name} must be an absolute http(s) address or a path on this site such as /logo.svg";
            }
        }
    }

    /// <summary>An absolute http(s) address, or a path on this site (not <c>//host</c>).</summary>
    public static bool IsImageAddress(string url) =>
        (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal))
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");

    /// <summary>Whether each component on the public page shows its last 24 hours of response time.</summary>
    public bool ShowLatency { get; set; } = true;

    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(10);

    /// <summary>The oldest the public page may be when served while the app runs (at least 5 s).</summary>
    public TimeSpan MaxAge { get; set; } = DefaultMaxAge;
}

/// <summary>A link the public page shows: an absolute http(s) address and its text by language.</summary>
public sealed class PageLink
{
    public string Url { get; set; } = "";

    /// <summary>The link's text by language (<c>en</c>, <c>zh-CN</c>); one language alone is shown in both.</summary>
    public Dictionary<string, string> Names { get; set; } = [];

    public string NameIn(string language) =>
        Names.FirstOrDefault(n => string.Equals(n.Key, language, StringComparison.OrdinalIgnoreCase)).Value ?? Names.Values.FirstOrDefault() ?? Url;

    public IEnumerable<string> Problems(string at)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"{at}:Url must be an absolute http(s) address";
        }

        if (Names.Count == 0 || Names.Values.Any(name => string.IsNullOrWhiteSpace(name) || name.Length > 60))
        {
            yield return $"{at}:Names must give the link's text (1 to 60 characters) in en, zh-CN or both";
        }
    }
}
