using System.Xml.Linq;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Maintenance;

namespace StatusBoard.Web.Services;

/// <summary>
/// Atom and RSS feeds of the latest incidents and maintenance (<c>?lang=</c>, <c>?component=</c>), in the reader's
/// language as the page words them. Built as XML trees so every text is escaped; an entry's updates go as sanitised
/// HTML (<c>type="html"</c>) beside a plain summary.
/// </summary>
public sealed class IncidentFeeds(
    IncidentStore store, MaintenanceSchedule maintenance, ProbeCatalog catalog, PublicFormat format, IOptions<PageOptions> page, TimeProvider time)
{
    private const int Count = 50;
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>How long a reader or proxy may keep a feed.</summary>
    public const string CacheControl = "public, max-age=60";

    private sealed record Entry(string Id, string Title, string Link, DateTimeOffset Published, DateTimeOffset Updated, string Summary, string Html);

    private sealed record Feed(string Language, string Title, string Site, string Self, string Link, IReadOnlyList<Entry> Entries)
    {
        public DateTimeOffset Updated => Entries.Count == 0 ? DateTimeOffset.UnixEpoch : Entries.Max(e => e.Updated);
    }

    public async Task<IResult> AtomAsync(HttpContext http)
    {
        if (await ReadAsync(http, "history.atom") is not { } feed)
        {
            return UnknownComponent(http);
        }

        var document = new XElement(Atom + "feed", new XAttribute(XNamespace.Xml + "lang", feed.Language),
            new XElement(Atom + "title", feed.Title),
            new XElement(Atom + "id", feed.Link),
            new XElement(Atom + "link", new XAttribute("href", feed.Self), new XAttribute("rel", "self")),
            new XElement(Atom + "link", new XAttribute("href", feed.Link)),
            new XElement(Atom + "updated", Rfc3339(feed.Updated)),
            new XElement(Atom + "author", new XElement(Atom + "name", page.Value.Name)),
            feed.Entries.Select(entry => new XElement(Atom + "entry",
                new XElement(Atom + "id", entry.Id),
                new XElement(Atom + "title", entry.Title),
                new XElement(Atom + "link", new XAttribute("href", entry.Link)),
                new XElement(Atom + "published", Rfc3339(entry.Published)),
                new XElement(Atom + "updated", Rfc3339(entry.Updated)),
                new XElement(Atom + "summary", entry.Summary),
                new XElement(Atom + "content", new XAttribute("type", "html"), entry.Html))));
        http.Response.Headers.CacheControl = CacheControl;
        return TypedResults.Text(new XDocument(document).ToString(), "application/atom+xml; charset=utf-8");
    }

    public async Task<IResult> RssAsync(HttpContext http)
    {
        if (await ReadAsync(http, "history.rss") is not { } feed)
        {
            return UnknownComponent(http);
        }

        var rss = new XElement("rss", new XAttribute("version", "2.0"), new XAttribute(XNamespace.Xmlns + "atom", Atom.NamespaceName),
            new XElement("channel",
                new XElement("title", feed.Title),
                new XElement("link", feed.Link),
                new XElement(Atom + "link", new XAttribute("href", feed.Self), new XAttribute("rel", "self"), new XAttribute("type", "application/rss+xml")),
                new XElement("description", PublicTexts.Get(feed.Language, "feed.description")),
                new XElement("language", feed.Language.ToLowerInvariant()),
                new XElement("lastBuildDate", Rfc1123(feed.Updated)),
                feed.Entries.Select(entry => new XElement("item",
                    new XElement("title", entry.Title),
                    new XElement("link", entry.Link),
                    new XElement("guid", new XAttribute("isPermaLink", "false"), entry.Id),
                    new XElement("pubDate", Rfc1123(entry.Published)),
                    new XElement("description", entry.Html)))));
        http.Response.Headers.CacheControl = CacheControl;
        return TypedResults.Text(new XDocument(rss).ToString(), "application/rss+xml; charset=utf-8");
    }

    /// <summary>The feed asked for, or null when it names a component there is not.</summary>
    private async Task<Feed?> ReadAsync(HttpContext http, string path)
    {
        var language = PublicPage.LanguageOf(http.Request);
        var componentKey = http.Request.Query["component"].ToString() is { Length: > 0 } c ? c : null;
        var component = componentKey is null ? null : catalog.Current.FindComponent(componentKey);
        if (componentKey is not null && component is null)
        {
            return null;
        }

        var site = page.Value.Url?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}";
        var names = catalog.Current.Components.ToDictionary(x => x.Key, x => x.NameIn(language), StringComparer.Ordinal);
        var query = $"?lang={language}" + (component is null ? "" : $"&component={Uri.EscapeDataString(component.Key)}");
        var incidents = (await store.RecentAsync(component is null ? Count : Count * 10, 0, http.RequestAborted))
            .Where(i => component is null || i.Components.Any(a => a.Key == component.Key)).Take(Count);
        var now = time.GetUtcNow();
        var windows = maintenance.All.Where(w => component is null || w.Components.Contains(component.Key))
            .OrderByDescending(w => w.StartsAt).Take(Count);
        var entries = incidents.Select(i => IncidentEntry(i, language, site, names))
            .Concat(windows.Select(w => MaintenanceEntry(w, language, site, names, now)))
            .OrderByDescending(e => e.Updated).Take(Count).ToList();
        var title = PublicTexts.Format(language, component is null ? "feed.title" : "feed.title.component",
            new Dictionary<string, object> { ["page"] = page.Value.Name, ["component"] = component?.NameIn(language) ?? "" });
        return new Feed(language, title, site, $"{site}/{path}{query}", $"{site}/history{query}", entries);
    }

    private Entry IncidentEntry(Incident incident, string language, string site, IReadOnlyDictionary<string, string> names)
    {
        var updates = incident.Updates.Where(u => u.Public).Reverse().ToList();
        string Text(IncidentUpdate update) => format.UpdateText(language, incident, update, names);
        string Html(IncidentUpdate update) => update.Author is null && incident.Automatic
            ? $"<p>{Encode(Text(update))}</p>"
            : PublicFormat.Written(language, update.BodyText, markdown: true);
        var html = string.Concat(updates.Select(u =>
            $"<p><strong>{Encode(PublicTexts.Get(language, "incident.status." + u.Status.ToWire()))}</strong> · {Encode(Local(language, u.CreatedAt))}</p>{Html(u)}"));
        if (incident.PostmortemText is { } postmortem)
        {
            html += $"<h3>{Encode(PublicTexts.Get(language, "incident.postmortem"))}</h3>{PublicFormat.Written(language, postmortem, markdown: true)}";
        }

        return new Entry(
            $"{site}/incidents/{incident.Id}",
            $"[{PublicTexts.Get(language, "incident.status." + incident.Status.ToWire())}] {format.Title(language, incident, names)}",
            $"{site}/incidents/{incident.Id}?lang={language}",
            incident.DetectedAt,
            incident.UpdatedAt,
            updates.Count == 0 ? "" : Text(updates[0]),
            html);
    }

    private Entry MaintenanceEntry(MaintenanceWindow window, string language, string site, IReadOnlyDictionary<string, string> names, DateTimeOffset now)
    {
        var status = window.StatusAt(now);
        var (from, to) = window.OccurrenceAt(now) ?? (window.StartsAt, window.EndsAt);
        // Updated when it last changed as readers see it: announced, started, or over.
        var updated = status switch
        {
            MaintenanceStatus.Completed => window.LastEnd < now ? window.LastEnd : now,
            MaintenanceStatus.InProgress or MaintenanceStatus.Verifying => from,
            _ => window.CreatedAt,
        };
        var when = PublicTexts.Format(language, "maintenance.when", new Dictionary<string, object> { ["from"] = Local(language, from), ["to"] = Local(language, to) });
        var affects = PublicTexts.Format(language, "maintenance.affects", new Dictionary<string, object>
        {
            ["components"] = string.Join(PublicFormat.ListSeparator(language), window.Components.Select(c => names.GetValueOrDefault(c, c))),
        });
        var message = window.MessageText is { } text ? PublicFormat.WrittenText(language, text) : null;
        var summary = $"{when} · {affects}" + (message is null ? "" : $" · {message}");
        return new Entry(
            $"{site}/maintenance/{window.Id}",
            $"[{PublicTexts.Get(language, "maintenance." + status.ToWire())}] {PublicFormat.WrittenText(language, window.TitleText)}",
            $"{site}/?lang={language}#maintenance",
            window.CreatedAt,
            updated,
            summary,
            $"<p>{Encode(when)}</p><p>{Encode(affects)}</p>" + (window.MessageText is { } written ? $"<p>{PublicFormat.Written(language, written, markdown: false)}</p>" : ""));
    }

    private static IResult UnknownComponent(HttpContext http) =>
        Api.JsonBody.Problem(StatusCodes.Status404NotFound, "Component not found", $"There is no component '{http.Request.Query["component"]}' to give a feed of.");

    private string Local(string language, DateTimeOffset time) => format.TimeText(language, time);

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static string Rfc3339(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Rfc1123(DateTimeOffset time) => time.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);
}
