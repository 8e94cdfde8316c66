using System.Net;
using Microsoft.AspNetCore.Components;

namespace StatusBoard.Web.Services;

/// <summary>
/// The segments of an uptime bar written as one piece of markup. A large installation has 200 components of 90 days
/// each, 18,000 segments: built through the render tree, with a text dictionary per day, they were most of the public
/// page's render time.
/// </summary>
public static class UptimeMarkup
{
    /// <summary>One segment a day, coloured by its level, named by its title for hover, focus and screen readers.</summary>
    public static MarkupString Segments(IReadOnlyList<UptimeDay> days, string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var (available, noData, incidents) = (PublicTexts.Get(language, "uptime.day"), PublicTexts.Get(language, "uptime.nodata"), PublicTexts.Get(language, "uptime.incidents"));
        var partly = PublicTexts.Get(language, "uptime.partial");
        var html = new StringBuilder(days.Count * 120);
        foreach (var day in days)
        {
            var date = day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var label = day.Uptime is { } value
                ? available.Replace("{date}", date, StringComparison.Ordinal).Replace("{uptime}", value.ToString("P2", culture), StringComparison.Ordinal)
                : noData.Replace("{date}", date, StringComparison.Ordinal);
            if (day.Partial)
            {
                label += partly.Replace("{hours}", day.WatchedHours.ToString("0", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{of}", day.HoursInDay.ToString("0", CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            if (day.Incidents > 0)
            {
                label += incidents.Replace("{count}", day.Incidents.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            html.Append("<span class=\"day day-").Append(day.Level).Append(day.Partial ? " day-partial" : "").Append("\" role=\"listitem\" tabindex=\"0\" title=\"")
                .Append(WebUtility.HtmlEncode(label)).Append("\"></span>");
        }

        return new MarkupString(html.ToString());
    }
}
