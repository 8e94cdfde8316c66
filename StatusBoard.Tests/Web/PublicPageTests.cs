using System.Net;
using StatusBoard.Tests.Support;
using StatusBoard.Web.Services;

namespace StatusBoard.Tests.Web;

/// <summary>The public page as served: language, no live circuit, the verdict without JavaScript, the report form.</summary>
public sealed class PublicPageTests(PublicPageTests.App app) : IClassFixture<PublicPageTests.App>
{
    public sealed class App : IDisposable
    {
        public StatusBoardApp Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> GetPageAsync(string path, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }

        using var response = await app.Server.Client().SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    [Theory]
    [InlineData("/", "zh-CN,zh;q=0.9,en;q=0.5", "zh-CN", "服务状态", "是平台的问题，还是我的问题？")]
    [InlineData("/", "en-GB,en;q=0.9", "en", "Service status", "Is it the platform, or is it me?")]
    [InlineData("/?lang=zh-CN", "en", "zh-CN", "服务状态", "支付")]
    [InlineData("/status?lang=en", "zh-CN", "en", "Service status", "Payments")]
    public async Task Page_ChoosesLanguage(string path, string acceptLanguage, string lang, string title, string text)
    {
        var html = await GetPageAsync(path, acceptLanguage);

        Assert.Contains($"<html lang=\"{lang}\"", html, StringComparison.Ordinal);
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_OpensNoCircuit_AndShowsTheVerdictWithoutJavaScript()
    {
        var html = await GetPageAsync("/?lang=en");

        Assert.DoesNotContain("blazor.web.js", html, StringComparison.Ordinal);
        Assert.Matches("data-verdict=\"(local|regional|platform-wide|investigating|maintenance|unknown)\"", html);
        Assert.Contains("data-advice=\"check-transaction-history\"", html, StringComparison.Ordinal);
        Assert.Contains("<noscript>", html, StringComparison.Ordinal);
        Assert.Equal(90 * 2, System.Text.RegularExpressions.Regex.Count(html, "class=\"day day-"));
    }

    [Fact]
    public async Task ReportForm_WithoutJavaScript_RedirectsBackWithThanks_AndNothingIsEchoed()
    {
        var client = app.Server.Client(followRedirects: false);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["lang"] = "zh-CN",
            ["component"] = "payments",
            ["symptom"] = "payment-failed",
            ["region"] = "sg",
            ["text"] = "<script>alert(1)</script><img src=x onerror=alert(2)>",
        });

        using var response = await client.PostAsync("/report", form, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?lang=zh-CN&reported=thanks#report", response.Headers.Location?.OriginalString);
        var page = await GetPageAsync("/?lang=zh-CN&reported=thanks");
        Assert.Contains("感谢您的反馈", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror=alert", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportForm_Invalid_SaysSoOnThePage()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["component"] = "payments", ["symptom"] = "bored" });

        using var response = await app.Server.Client(followRedirects: false).PostAsync("/report", form, Ct);

        Assert.Equal("/?lang=en&reported=invalid#report", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public void Texts_EveryKeyHasBothLanguages()
    {
        Assert.All(PublicTexts.All, text =>
        {
            Assert.False(string.IsNullOrWhiteSpace(text.En), text.Key);
            Assert.False(string.IsNullOrWhiteSpace(text.Zh), text.Key);
            Assert.NotEqual(text.En, text.Zh);
        });
    }

    [Theory]
    [InlineData(null, null, "zh-TW,zh;q=0.8", "zh-CN")]
    [InlineData(null, null, "fr-FR,fr;q=0.9,en;q=0.5", "en")]
    [InlineData(null, null, "", "en")]
    [InlineData("en", "zh-CN", "zh-CN", "en")]
    [InlineData(null, "zh-CN", "en", "zh-CN")]
    [InlineData("klingon", null, "zh", "zh-CN")]
    public void Choose_QueryThenCookieThenHeader(string? query, string? cookie, string header, string expected) =>
        Assert.Equal(expected, PublicTexts.Choose(query, cookie, header));
}
