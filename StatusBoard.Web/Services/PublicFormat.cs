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

        var component = incident.Components.Count > 0 && componentNames.TryGetValue(incident.Components[0].Key, out var name) ? name : incident.Title;
        return incident.Scope == Scope.PlatformWide
            ? PublicTexts.Format(language, "incident.title.platform-wide", new Dictionary<string, object> { ["component"] = component })
            : PublicTexts.Format(language, "incident.title.regional", new Dictionary<string, object> { ["component"] = component, ["regions"] = string.Join(", ", incident.Regions) });
    }

    public static string Month(string language, DateTimeOffset time) =>
        language == PublicTexts.Chinese
            ? time.ToUniversalTime().ToString("yyyy年M月", CultureInfo.InvariantCulture)
            : time.ToUniversalTime().ToString("MMMM yyyy", CultureInfo.InvariantCulture);
}
