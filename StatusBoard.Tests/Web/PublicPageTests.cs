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
    public async Task ReportForm_Invalid_ComesBackInTheReadersLanguage_WithEachFieldsProblemBesideIt_AndWhatWasTyped()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["lang"] = "zh-CN", ["component"] = "payments", ["symptom"] = "bored", ["appVersion"] = "five", ["text"] = "付款后页面一直转圈 <b>",
        });

        using var response = await app.Server.Client(followRedirects: false).PostAsync("/report?lang=zh-CN", form, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\"", html, StringComparison.Ordinal);
        Assert.Contains("反馈未能提交，请检查填写内容。", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"field-error\" id=\"report-error-symptom\">请选择遇到的情况。</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"field-error\" id=\"report-error-appVersion\">请按数字加点的格式填写应用版本（如 5.2.1），或留空。</span>", html, StringComparison.Ordinal);
        Assert.Matches("<input name=\"appVersion\" value=\"five\"[^>]*aria-invalid=\"true\" aria-describedby=\"report-error-appVersion\"", html);
        Assert.DoesNotContain("report-error-component", html, StringComparison.Ordinal);
        // What was typed comes back as text, never as markup.
        Assert.Contains(">付款后页面一直转圈 &lt;b&gt;</textarea>", html, StringComparison.Ordinal);
        Assert.Matches("<option value=\"payments\" selected", html);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Page_ComesCompressed_InOneRoundTripsWorth(string coding)
    {
        var plain = await GetPageAsync("/?lang=zh-CN");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?lang=zh-CN");
        request.Headers.Add("Accept-Encoding", $"{coding}, identity;q=0.5");

        using var response = await app.Server.Client().SendAsync(request, Ct);
        var body = await response.Content.ReadAsByteArrayAsync(Ct);
        using var compressed = new MemoryStream(body);
        using Stream reader = coding == "br" ? new System.IO.Compression.BrotliStream(compressed, System.IO.Compression.CompressionMode.Decompress) : new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress);
        using var text = new StreamReader(reader);
        var html = await text.ReadToEndAsync(Ct);

        Assert.Equal(coding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Contains("<html lang=\"zh-CN\"", html, StringComparison.Ordinal);
        Assert.Equal(plain.Length, html.Length);
        // The first round trip of a new connection carries about 14 KB (ten segments): the page fits in it.
        Assert.True(body.Length <= 14 * 1024, $"{body.Length} bytes {coding}, {System.Text.Encoding.UTF8.GetByteCount(plain)} as is");
    }

    [Fact]
    public async Task Page_DrawsEachComponentsResponseTime_WithoutScript_AndSaysItInWords()
    {
        var html = await Wait.ForAsync(() => GetPageAsync("/?lang=en"), page => page.Contains("<figure class=\"latency\">", StringComparison.Ordinal),
            "the page to draw response time", TimeSpan.FromSeconds(30));
        var payments = html[html.IndexOf("data-component=\"payments\"", StringComparison.Ordinal)..];
        payments = payments[..payments.IndexOf("</li>", StringComparison.Ordinal)];

        Assert.Matches("<svg viewBox=\"0 0 240 36\"[^>]*aria-hidden=\"true\"", payments);
        Assert.Matches("<polyline class=\"latency-p50\" points=\"[0-9., ]+\"", payments);
        Assert.Matches(@"<figcaption>Response time over the last 24 hours: \d+ ms median now, 95% within \d+ ms \(at most \d+ ms\)</figcaption>", payments);
    }

    [Fact]
    public async Task History_AndTheStatuspageApi_AreCompressedToo()
    {
        foreach (var path in (string[])["/history?lang=en", "/api/v2/summary.json", "/history.atom"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Accept-Encoding", "br");
            using var response = await app.Server.Client().SendAsync(request, Ct);
            Assert.True(response.Content.Headers.ContentEncoding.Contains("br"), $"{path} came {string.Join(",", response.Content.Headers.ContentEncoding)}");
        }
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
