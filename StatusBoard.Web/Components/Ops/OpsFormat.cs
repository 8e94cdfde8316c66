using System.Text.Encodings.Web;
using System.Text.Json;

namespace StatusBoard.Web.Components.Ops;

/// <summary>How figures read on the dashboard: a dash for "nothing ran", never a misleading zero.</summary>
public static class OpsFormat
{
    public static string Percent(double? rate) => rate is { } value ? (value * 100).ToString(value >= 0.9995 ? "0" : "0.0", CultureInfo.InvariantCulture) + "%" : "–";

    public static string Millis(double? ms) => ms is { } value ? (value >= 1000 ? (value / 1000).ToString("0.0", CultureInfo.InvariantCulture) + "s" : value.ToString("0", CultureInfo.InvariantCulture) + "ms") : "–";

    public static string Ago(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } time)
        {
            return "never";
        }

        var age = now - time;
        return age.TotalSeconds < 60 ? $"{Math.Max(0, (int)age.TotalSeconds)}s ago"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes}m ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h ago"
            : $"{(int)age.TotalDays}d ago";
    }

    /// <summary>A length of time for people: <c>45s</c>, <c>5m</c>, <c>3h</c>, <c>2d</c>.</summary>
    public static string Span(TimeSpan span)
    {
        var length = span.Duration();
        return length.TotalSeconds < 60 ? $"{(int)length.TotalSeconds}s"
            : length.TotalMinutes < 60 ? $"{(int)Math.Round(length.TotalMinutes)}m"
            : length.TotalHours < 48 ? $"{(int)Math.Round(length.TotalHours)}h"
            : $"{(int)length.TotalDays}d";
    }

    /// <summary>JSON for people to read: indented, quotes and '&lt;' as themselves (Blazor encodes the text for HTML).</summary>
    public static readonly JsonSerializerOptions Readable = new(Probes.Common.Json.Options) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A time of day on /ops, always UTC and saying so: <c>14:05:09 UTC</c>.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A date and time on /ops, always UTC and saying so: <c>2026-12-01 14:05 UTC</c> (with seconds where they matter).</summary>
    public static string Stamp(DateTimeOffset at, bool seconds = false) =>
        at.UtcDateTime.ToString(seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
