using System.Xml.Linq;
using StatusBoard.Web.Api;

namespace StatusBoard.Tests.Web;

public sealed class BadgesTests(BadgesTests.App app) : IClassFixture<BadgesTests.App>
{
    public sealed class App : IDisposable
    {
        public StatusBoardApp Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/badges/payments/status.svg", "Payments")]
    [InlineData("/badges/balance/uptime.svg", "Wallet balance uptime")]
    public async Task Badge_IsWellFormedSvgNamingTheComponent(string path, string label)
    {
        using var response = await app.Server.Client().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith(label + ": ", svg.Root!.Attribute("aria-label")!.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/badges/coffee/status.svg", "status: unknown service")]
    [InlineData("/badges/coffee/uptime.svg?lang=zh-CN", "状态: 未知服务")]
    public async Task Badge_UnknownComponent_Is404_AndAnImageSayingSo(string path, string label)
    {
        using var response = await app.Server.Client().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(label, XDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).Root!.Attribute("aria-label")!.Value);
    }

    [Fact]
    public async Task Badge_InChinese_UsesThePagesWords_AndMayBeKeptHalfAMinute()
    {
        using var status = await app.Server.Client().GetAsync("/badges/payments/status.svg?lang=zh-CN", Ct);
        using var uptime = await app.Server.Client().GetAsync("/badges/balance/uptime.svg?lang=zh-CN", Ct);

        var label = XDocument.Parse(await status.Content.ReadAsStringAsync(Ct)).Root!.Attribute("aria-label")!.Value;
        Assert.Matches("^支付: (正常|响应缓慢|部分异常|服务中断|维护中|暂无数据)$", label);
        Assert.StartsWith("钱包余额可用率: ", XDocument.Parse(await uptime.Content.ReadAsStringAsync(Ct)).Root!.Attribute("aria-label")!.Value, StringComparison.Ordinal);
        Assert.Equal("public, max-age=30", status.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Svg_HostileName_StaysText()
    {
        var result = BadgesApi.Svg("<script>alert(1)</script>\"", "ok", "#2da44e");
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = app.Server.Services };
        var body = new MemoryStream();
        http.Response.Body = body;

        await result.ExecuteAsync(http);

        var svg = System.Text.Encoding.UTF8.GetString(body.ToArray());
        Assert.DoesNotContain("<script>", svg, StringComparison.Ordinal);
        Assert.NotNull(XDocument.Parse(svg).Root);
    }
}
