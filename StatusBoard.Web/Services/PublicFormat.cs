using System.Globalization;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;

namespace StatusBoard.Web.Services;

/// <summary>Small pieces of public text shared by the public pages.</summary>
public static class PublicFormat
{
    /// <summary>A UTC time that status.js turns into the reader's own locale and time zone.</summary>
    public static string Time(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var iso = utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return $"<time datetime=\"{iso}\">{utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}</time>";
    }

    public static string Stamp(string language, string key, DateTimeOffset time) =>
        PublicTexts.Format(language, key, new Dictionary<string, object> { ["time"] = Time(time) });

    /// <summary>An incident's title in the reader's language, from its component and scope.</summary>
    public static string Title(string language, Incident incident, IReadOnlyDictionary<string, string> componentNames)
    {
        if (!incident.Automatic)
        {
            // A person wrote this title for users; StatusBoard only words its own.
            return incident.Title;
        }

        var names = incident.DetectedKeys.Select(key => componentNames.TryGetValue(key, out var name) ? name : null).OfType<string>().ToList();
        var component = names.Count > 0 ? string.Join(ListSeparator(language), names) : incident.Title;
        var slow = incident.SlowOnly ? ".slow" : "";
        return incident.Scope == Scope.PlatformWide
            ? PublicTexts.Format(language, "incident.title.platform-wide" + slow, new Dictionary<string, object> { ["component"] = component })
            : PublicTexts.Format(language, "incident.title.regional" + slow, new Dictionary<string, object> { ["component"] = component, ["regions"] = string.Join(ListSeparator(language), incident.Regions) });
    }

    /// <summary>What was failing where when StatusBoard posted an update, in the reader's language.</summary>
    public static string Failing(string language, IReadOnlyList<FailingGroup> groups, IReadOnlyDictionary<string, string> componentNames)
    {
        var separator = ListSeparator(language);
        var parts = groups.Select(g => PublicTexts.Format(language, "incident.now." + (g.Slow ? "slow" : "failing"), new Dictionary<string, object>
        {
            ["components"] = string.Join(separator, g.Components.Select(key => componentNames.GetValueOrDefault(key, key))),
            ["regions"] = string.Join(separator, g.Regions),
        }));
        return PublicTexts.Format(language, "incident.now", new Dictionary<string, object> { ["parts"] = string.Join(language == PublicTexts.Chinese ? "；" : "; ", parts) });
    }

    /// <summary>How a list is joined in the language: 、 in Chinese, a comma in English.</summary>
    public static string ListSeparator(string language) => language == PublicTexts.Chinese ? "、" : ", ";

    public static string Month(string language, DateTimeOffset time) =>
        language == PublicTexts.Chinese
            ? time.ToUniversalTime().ToString("yyyy年M月", CultureInfo.InvariantCulture)
            : time.ToUniversalTime().ToString("MMMM yyyy", CultureInfo.InvariantCulture);
}
