using StatusBoard.Probes.Notifications.Channels;
using StatusBoard.Web.Services;

namespace StatusBoard.Tests.Web.Hardening;

/// <summary>Finding 12 of the hardening issue, item by item.</summary>
public sealed class SmallFindingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Payments down <!everyone>", "Payments down &lt;!everyone&gt;")]
    [InlineData("ping <@U123> & <#C42|ops>", "ping &lt;@U123&gt; &amp; &lt;#C42|ops&gt;")]
    [InlineData("<https://evil.example|click here>", "&lt;https://evil.example|click here&gt;")]
    public void SlackText_ShowsMentionsAndLinksFromATitleAsText(string title, string sent)
    {
        Assert.Equal(sent, SlackChannel.Escape(title));
    }

    [Theory]
    [InlineData(";=1+1", "';=1+1")]
    [InlineData("a,=HYPERLINK(\"x\")", "\"'a,=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("|calc", "'|calc")]
    [InlineData("Payments; all regions", "Payments; all regions")]
    [InlineData("-0.5% uptime", "'-0.5% uptime")]
    public void CsvCells_NeverCarryAFormula_WhateverTheSeparator(string text, string cell)
    {
        Assert.Equal(cell, Csv.Cell(text));
    }

    [Fact]
    public async Task NamesWithRightToLeftOverrides_AreRefused_WhereverANameIsWritten()
    {
        await using var app = new StatusBoardApp();
        var admin = app.Client(admin: true);

        var component = await admin.PostAsJsonAsync("/api/v1/components", new { key = "rtl", names = new { en = "Pay\u202Egnp.exe" } }, Ct);
        var probe = await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "rtl-probe", name = "Balance\u2067 isolate", component = "balance", regions = new[] { "sg" }, interval = "1m",
            request = new { url = "{sandbox}/{region}/v2/balance" }, conditions = new[] { "[STATUS] == 200" },
        }, Ct);
        var operatorClient = await app.ClientWithRoleAsync("operator");
        var incident = await operatorClient.PostAsJsonAsync("/api/v1/incidents", new { title = "Top-ups \u202Edeliaf", message = "m", impact = "minor", components = new[] { "payments" } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, component.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, probe.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, incident.StatusCode);
        Assert.True((await probe.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task SignIn_WithANonAsciiReturnUrl_RedirectsThere_Encoded()
    {
        await using var app = new StatusBoardApp();

        var signedIn = await StatusBoardApp.SignInAsync(app.CookieClient(), StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword, "/ops/probes/支付-ü");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/ops/probes/%E6%94%AF%E4%BB%98-%C3%BC", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TheReportForm_FromASandboxedFrame_OriginNull_IsRefused()
    {
        await using var app = new StatusBoardApp();
        var client = app.Client(followRedirects: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/report")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["component"] = "payments", ["symptom"] = "payment-failed" }),
        };
        request.Headers.Add("Origin", "null");

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ASlowRequestBody_Is408_NotA500()
    {
        await using var app = new StatusBoardApp();
        app.Client();
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(app.ClientOptions.BaseAddress.Host, app.ClientOptions.BaseAddress.Port, Ct);
        var stream = socket.GetStream();
        var head = $"POST /api/v1/reports HTTP/1.1\r\nHost: {app.ClientOptions.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{{";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), Ct);

        // Then nothing more: the server's minimum body data rate ends the read after its grace period.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, deadline.Token);
        var status = System.Text.Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];

        Assert.Equal("HTTP/1.1 408 Request Timeout", status);
    }
}
