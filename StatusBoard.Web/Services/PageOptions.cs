namespace StatusBoard.Web.Services;

/// <summary><c>StatusBoard:Page</c>: how the status page names itself to people and to Statuspage consumers.</summary>
public sealed class PageOptions
{
    public string Name { get; set; } = "StatusBoard";

    /// <summary>The public address of the page; by default the address the request came to.</summary>
    public string? Url { get; set; }

    /// <summary>An IANA time zone name, shown to Statuspage consumers.</summary>
    public string TimeZone { get; set; } = "Etc/UTC";

    /// <summary>
    /// The platform's public ping URL, which the self-check fetches from the user's own browser; by default the
    /// sandbox's <c>/sandbox/ping</c> when the sandbox is on. The server never fetches it.
    /// </summary>
    public string? PingUrl { get; set; }

    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(10);

    /// <summary>The oldest the public page may be when served while the app runs (at least 5 s).</summary>
    public TimeSpan MaxAge { get; set; } = DefaultMaxAge;
}
