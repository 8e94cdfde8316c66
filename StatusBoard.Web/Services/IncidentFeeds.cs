using System.Globalization;
using System.Xml.Linq;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Incidents;

namespace StatusBoard.Web.Services;

/// <summary>Atom and RSS feeds of the latest incidents, built as XML trees so every text is escaped.</summary>
public static class IncidentFeeds
{
    private const int Count = 50;
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static async Task<IResult> AtomAsync(HttpContext http, IncidentStore store, PageOptions page)
    {
        var incidents = await store.RecentAsync(Count, 0, http.RequestAborted);
        var site = Site(http, page);
        var updated = incidents.Count == 0 ? DateTimeOffset.UnixEpoch : incidents.Max(i => i.UpdatedAt);
        var feed = new XElement(Atom + "feed",
            new XElement(Atom + "title", $"{page.Name}: incident history"),
            new XElement(Atom + "id", site + "/history"),
            new XElement(Atom + "link", new XAttribute("href", site + "/history.atom"), new XAttribute("rel", "self")),
            new XElement(Atom + "link", new XAttribute("href", site + "/history")),
            new XElement(Atom + "updated", Rfc3339(updated)),
            incidents.Select(incident => new XElement(Atom + "entry",
                new XElement(Atom + "id", $"{site}/incidents/{incident.Id}"),
                new XElement(Atom + "title", $"[{incident.Status.ToWire()}] {incident.Title}"),
                new XElement(Atom + "link", new XAttribute("href", $"{site}/incidents/{incident.Id}")),
                new XElement(Atom + "published", Rfc3339(incident.DetectedAt)),
                new XElement(Atom + "updated", Rfc3339(incident.UpdatedAt)),
                new XElement(Atom + "author", new XElement(Atom + "name", "StatusBoard")),
                new XElement(Atom + "summary", Summary(incident)))));
        return Results.Text(new XDocument(feed).ToString(), "application/atom+xml; charset=utf-8");
    }

    public static async Task<IResult> RssAsync(HttpContext http, IncidentStore store, PageOptions page)
    {
        var incidents = await store.RecentAsync(Count, 0, http.RequestAborted);
        var site = Site(http, page);
        var rss = new XElement("rss", new XAttribute("version", "2.0"),
            new XElement("channel",
                new XElement("title", $"{page.Name}: incident history"),
                new XElement("link", site + "/history"),
                new XElement("description", "Incidents detected by StatusBoard"),
                incidents.Select(incident => new XElement("item",
                    new XElement("title", $"[{incident.Status.ToWire()}] {incident.Title}"),
                    new XElement("link", $"{site}/incidents/{incident.Id}"),
                    new XElement("guid", new XAttribute("isPermaLink", "false"), incident.Id),
                    new XElement("pubDate", incident.DetectedAt.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture)),
                    new XElement("description", Summary(incident))))));
        return Results.Text(new XDocument(rss).ToString(), "application/rss+xml; charset=utf-8");
    }

    private static string Summary(Incident incident) =>
        string.Join(" | ", incident.Updates.Where(u => u.Public).Reverse().Select(u => $"{u.Status.ToWire()}: {u.Body}"));

    private static string Site(HttpContext http, PageOptions page) => page.Url?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}";

    private static string Rfc3339(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
