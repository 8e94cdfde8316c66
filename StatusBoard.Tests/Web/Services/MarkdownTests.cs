using StatusBoard.Web.Services;

namespace StatusBoard.Tests.Web.Services;

public sealed class MarkdownTests
{
    [Theory]
    [InlineData("script", "<script>alert(1)</script>")]
    [InlineData("img onerror", "<img src=x onerror=alert(1)>")]
    [InlineData("svg onload", "<svg onload=alert(1)>")]
    [InlineData("style breakout", "</style><script>alert(1)</script>")]
    [InlineData("javascript link", "[x](javascript:alert(1))")]
    [InlineData("mixed case", "[x](JaVaScRiPt:alert(1))")]
    [InlineData("entity encoded", "[x](&#106;avascript:alert(1))")]
    [InlineData("tab inside scheme", "[x](java\tscript:alert(1))")]
    [InlineData("data link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("vbscript link", "[x](vbscript:msgbox(1))")]
    [InlineData("image javascript", "![x](javascript:alert(1))")]
    [InlineData("autolink javascript", "<javascript:alert(1)>")]
    [InlineData("reference link", "[x][1]\n\n[1]: javascript:alert(1)")]
    public void ToHtml_HostileInput_IsInert(string name, string markdown)
    {
        var html = Markdown.ToHtml(markdown);

        Assert.False(html.Contains("<script", StringComparison.OrdinalIgnoreCase), name + ": " + html);
        Assert.False(html.Contains("<img src=\"x\"", StringComparison.OrdinalIgnoreCase), name + ": " + html);
        Assert.False(html.Contains("<svg", StringComparison.OrdinalIgnoreCase), name + ": " + html);
        Assert.DoesNotMatch("(href|src)=\"\\s*(javascript|data|vbscript|&#)", html.ToLowerInvariant());
        Assert.DoesNotMatch("(?i)<[a-z]+[^>]*\\son[a-z]+=", html);
    }

    [Fact]
    public void ToHtml_OrdinaryMarkdown_KeepsItsFormAndSafeLinks()
    {
        var html = Markdown.ToHtml("**Payments** are slow in *sg*.\n\n- retry later\n- see [status](https://status.example.com) or [history](/history)");

        Assert.Contains("<strong>Payments</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<li>retry later</li>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://status.example.com\">status</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/history\">history</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_UnsafeLink_KeepsItsWords()
    {
        Assert.Equal("<p>click me</p>", Markdown.ToHtml("[click me](javascript:alert(1))").Trim());
    }

    [Theory]
    [InlineData("//evil.example/x", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://ok.example", true)]
    [InlineData("mailto:oncall@example.com", true)]
    [InlineData(" javascript:alert(1)", false)]
    public void IsSafe_Case(string url, bool safe) => Assert.Equal(safe, Markdown.IsSafe(url));
}
