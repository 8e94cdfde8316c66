using System.Text.RegularExpressions;

namespace StatusBoard.Tests.Web;

/// <summary>
/// The public page in the reader's language through and through: regions as places, times in Beijing time named so,
/// and on the Chinese page no English but what people named in it.
/// </summary>
public sealed partial class PublicLanguageTests(PublicLanguageTests.App app) : IClassFixture<PublicLanguageTests.App>
{
    public sealed class App : IDisposable
    {
        public StatusBoardApp Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>English words allowed on the Chinese page: names (the product, the other language's link, feed formats, Wi-Fi) and the API's address.</summary>
    private static readonly string[] NamesInEnglish = ["Atom", "English", "JavaScript", "RSS", "StatusBoard", "Wi-Fi", "api/v2/summary.json"];

    [Fact]
    public async Task ChinesePage_ShowsPlacesAndBeijingTime_AndNoEnglishButNames()
    {
        var html = await SeenPageAsync("zh-CN");
        var text = VisibleText(html);

        Assert.Contains("华东 · 正常", text, StringComparison.Ordinal);
        Assert.Contains("华南", text, StringComparison.Ordinal);
        Assert.Contains("新加坡", text, StringComparison.Ordinal);
        Assert.Matches(@"更新于 \d{4}-\d\d-\d\d \d\d:\d\d 北京时间", text);
        Assert.Matches("<option value=\"cn-east\"[^>]*>华东</option>", html);
        Assert.Equal([], LatinWords().Matches(text).Select(m => m.Value).Distinct().Except(NamesInEnglish).Order());
    }

    [Fact]
    public async Task EnglishPage_ShowsPlacesAndNamesTheZone()
    {
        var text = VisibleText(await SeenPageAsync("en"));

        Assert.Contains("East China · Operational", text, StringComparison.Ordinal);
        Assert.Contains("South China", text, StringComparison.Ordinal);
        Assert.Contains("Singapore", text, StringComparison.Ordinal);
        Assert.Matches(@"Updated \d{4}-\d\d-\d\d \d\d:\d\d China Standard Time \(UTC\+8\)", text);
        Assert.DoesNotContain("cn-east", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimesAreInThePagesZone_WithTheInstantForTheReadersOwn()
    {
        var html = await app.Server.Client().GetStringAsync("/?lang=zh-CN", Ct);
        var time = TimeElement().Match(html);

        Assert.True(time.Success, "the page carries a time");
        var instant = DateTimeOffset.Parse(time.Groups["iso"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("480", time.Groups["offset"].Value);
        Assert.Equal(instant.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " 北京时间", time.Groups["text"].Value);
    }

    [Theory]
    [InlineData("zh-CN", "页面不存在")]
    [InlineData("en", "Page not found")]
    public async Task AnAddressThatIsNotThere_IsAPageInTheReadersLanguage(string language, string heading)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        request.Headers.Add("Accept", "text/html");
        request.Headers.Add("Accept-Language", language);

        using var response = await app.Server.Client().SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"<html lang=\"{language}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<h1 class=\"public-title\">{heading}</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARegionNamedWrongly_StopsTheStart_SayingWhich()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var broken = new StatusBoardApp(new Dictionary<string, string?>
            {
                ["StatusBoard:Regions:0:Key"] = "East China",
                ["StatusBoard:Regions:0:Names:fr"] = "Chine de l'Est",
            });
            broken.Client();
        });

        var message = failure.ToString();
        Assert.Contains("StatusBoard:Regions:0:Key must be a region key", message, StringComparison.Ordinal);
        Assert.Contains("StatusBoard:Regions:0:Names:fr is not a language of the page", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALookThatCouldBreakThePage_StopsTheStart_SayingWhich()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var broken = new StatusBoardApp(new Dictionary<string, string?>
            {
                ["StatusBoard:Page:AccentColor"] = "red; } body { display: none",
                ["StatusBoard:Page:LogoUrl"] = "javascript:alert(1)",
            });
            broken.Client();
        });

        Assert.Contains("StatusBoard:Page: AccentColor must be #rrggbb", failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The page once every region of the payments probe has reported.</summary>
    private Task<string> SeenPageAsync(string language) => Wait.ForAsync(
        () => app.Server.Client().GetStringAsync($"/?lang={language}", Ct),
        html => Regex.Count(html, "data-region=\"[a-z-]+\" data-status=\"operational\"") >= 3, "the regions to report", TimeSpan.FromSeconds(30));

    /// <summary>What a reader sees: text outside scripts and tags, and the titles and labels shown on hover or read aloud.</summary>
    private static string VisibleText(string html)
    {
        var withoutScripts = Regex.Replace(html, "<script.*?</script>", " ", RegexOptions.Singleline);
        var labels = ShownAttributes().Matches(withoutScripts).Select(m => m.Groups[1].Value);
        var text = Regex.Replace(withoutScripts, "<[^>]+>", " ");
        return WebUtility.HtmlDecode(Regex.Replace(text + " " + string.Join(" ", labels), @"\s+", " "));
    }

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9./:_-]+")]
    private static partial Regex LatinWords();

    [GeneratedRegex("(?:title|aria-label|alt|placeholder)=\"([^\"]*)\"")]
    private static partial Regex ShownAttributes();

    [GeneratedRegex("<time datetime=\"(?<iso>[^\"]+)\" data-offset=\"(?<offset>-?\\d+)\">(?<text>[^<]+)</time>")]
    private static partial Regex TimeElement();
}
