using Microsoft.AspNetCore.OutputCaching;

namespace StatusBoard.Web.Services;

/// <summary>The public page's language choice and cache policy: it must survive the stampede of an outage.</summary>
public static class PublicPage
{
    public const string CachePolicy = "public-page";

    /// <summary>The output cache for the status page only when the request carries a user's hints (region, app, report).</summary>
    public const string HintedPagePolicy = "public-page-hinted";

    private static readonly string[] Hints = ["region", "app", "reported"];
    public const string LanguageCookie = "lang";

    private static readonly string[] PublicPrefixes =
        ["/status", "/history", "/history.atom", "/history.rss", "/incidents", "/api/v2", "/api/v1/banner", "/badges", "/app.css", "/status.js", "/banner.js", "/favicon.svg"];

    /// <summary>A read of what anyone may see, which holds no secret and so may be compressed.</summary>
    public static bool IsPublicRead(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && (request.Path == "/" || PublicPrefixes.Any(prefix => request.Path.StartsWithSegments(prefix)));

    /// <summary>The reader's language from <c>?lang=</c>, the <c>lang</c> cookie, then <c>Accept-Language</c>, remembering nothing.</summary>
    public static string LanguageOf(HttpRequest request) =>
        PublicTexts.Choose(request.Query["lang"], request.Cookies[LanguageCookie], request.Headers.AcceptLanguage.ToString());

    /// <summary>Chooses the language and, when <c>?lang=</c> asked for one, remembers it in a cookie.</summary>
    public static string Language(HttpContext http)
    {
        var query = http.Request.Query["lang"].ToString();
        var language = LanguageOf(http.Request);
        if (query.Length > 0 && !http.Response.HasStarted)
        {
            http.Response.Cookies.Append(LanguageCookie, language, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
            });
        }

        return language;
    }

    public static void AddPublicPagePolicy(this OutputCacheOptions options)
    {
        options.AddPolicy(CachePolicy, policy => Vary(policy.Expire(TimeSpan.FromSeconds(5))));
        options.AddPolicy(HintedPagePolicy, policy => Vary(policy
            .With(context => Hints.Any(hint => !string.IsNullOrEmpty(context.HttpContext.Request.Query[hint])))
            .Expire(TimeSpan.FromSeconds(5))));
    }

    private static OutputCachePolicyBuilder Vary(OutputCachePolicyBuilder policy) => policy
        .SetVaryByQuery("lang", "region", "app", "reported", "page", "component")
        .VaryByValue(http => new KeyValuePair<string, string>("language", LanguageOf(http.Request)));
}
