namespace StatusBoard.Tests.Web;

/// <summary>End to end: the verdict follows real sandbox faults, the app version, and a burst of user reports.</summary>
public sealed class VerdictTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly StatusBoardApp _app = new(new Dictionary<string, string?>
    {
        ["StatusBoard:Verdict:MinimumAppVersion"] = "5.0.0",
        ["StatusBoard:Reports:PerClientLimit"] = "8",
        ["StatusBoard:Reports:AllowedOrigins:0"] = "https://wallet.example",
        // Reports are counted per client network, which the tests set through a proxy they are trusted as.
        ["StatusBoard:Network:TrustedProxies:0"] = "127.0.0.1/32",
        ["StatusBoard:Page:Announcements:0:Url"] = "https://wallet.example/notices",
        ["StatusBoard:Page:Announcements:0:Names:en"] = "Wallet notices",
        ["StatusBoard:Page:Announcements:0:Names:zh-CN"] = "钱包公告",
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Verdict_FollowsFaults_RegionalThenPlatformWide()
    {
        var admin = _app.Client(admin: true);

        await Switch(admin, "sg", "outage");
        var mine = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/verdict?component=payments&region=sg"),
            v => v.Text("verdict") == "regional", "a regional verdict in sg", Deadline);
        var elsewhere = await admin.GetJsonAsync("/api/v1/verdict?component=payments&region=cn-east");
        Assert.Equal("local", elsewhere.Text("verdict"));
        Assert.Contains(mine.GetProperty("advice").EnumerateArray(), a => a.GetString() == "check-transaction-history");
        Assert.Contains(mine.GetProperty("evidence").EnumerateArray(), e => e.Text("text").Contains("(failing: sg)", StringComparison.Ordinal));

        await Switch(admin, "*", "outage");
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/verdict?component=payments&region=cn-east"),
            v => v.Text("verdict") == "platform-wide", "a platform-wide verdict", Deadline);
        await Switch(admin, "*", "none");
        await Switch(admin, "sg", "none");
    }

    [Fact]
    public async Task Verdict_RiskControlRefusingInTheUsersRegion_AdvisesCheckingTheCode_NotTryingAgain()
    {
        var admin = _app.Client(admin: true);

        await Switch(admin, "sg", "riskblock");
        var mine = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/verdict?component=payments&region=sg"),
            v => v.Text("verdict") == "regional", "a regional verdict in sg", Deadline);
        await Switch(admin, "sg", "none");

        var advice = mine.GetProperty("advice").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains("security-failing", mine.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["funds-safe", "check-transaction-history", "check-credentials"], advice.Take(3));
        Assert.DoesNotContain("wait-and-retry", advice);
    }

    [Fact]
    public async Task PlatformOutage_ThePageAdvisesTheMoneyFirst_ThenWaiting_WithTheAnnouncementsLinked()
    {
        var admin = _app.Client(admin: true);

        await Switch(admin, "*", "outage");
        var page = await Wait.ForAsync(() => _app.Client().GetStringAsync("/?lang=zh-CN", Ct),
            html => html.Contains("data-verdict=\"platform-wide\"", StringComparison.Ordinal), "the page to say platform-wide", Deadline);
        await Switch(admin, "*", "none");

        var advice = System.Text.RegularExpressions.Regex.Matches(page, "data-advice=\"([a-z-]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["funds-safe", "check-transaction-history", "wait-and-retry", "watch-announcements", "contact-support"], advice);
        Assert.Contains("您的资金安全：已扣款但未完成的支付，款项会退回。", page, StringComparison.Ordinal);
        Assert.Contains("如已扣款，请勿重复支付；如未扣款，可以放心重新支付。", page, StringComparison.Ordinal);
        Assert.Contains("并提供支付时间、金额、订单号和截图", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://wallet.example/notices\" rel=\"noopener\">钱包公告</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verdict_OldAppVersion_IsLocalWithTheReason_OnceSgReports()
    {
        var verdict = await Wait.ForAsync(() => _app.Client().GetJsonAsync("/api/v1/verdict?region=sg&appVersion=4.8.0"),
            v => v.Text("verdict") != "unknown", "results from sg", Deadline);

        Assert.Equal("local", verdict.Text("verdict"));
        Assert.Contains(verdict.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "app-version-unsupported");
        Assert.Contains(verdict.GetProperty("advice").EnumerateArray(), a => a.GetString() == "update-app");
    }

    [Fact]
    public async Task Verdict_RegionNobodyProbes_IsUnknownNeverLocal()
    {
        await Wait.ForAsync(() => _app.Client().GetJsonAsync("/api/v1/verdict?region=sg"), v => v.Text("verdict") == "local", "results from sg", Deadline);

        var verdict = await _app.Client().GetJsonAsync("/api/v1/verdict?region=eu-north");

        Assert.Equal("unknown", verdict.Text("verdict"));
        Assert.Contains(verdict.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "region-blind");
        Assert.Equal("none", verdict.Text("impact"));
    }

    [Fact]
    public async Task Reports_FromManyNetworks_AreInvestigating()
    {
        await Wait.ForAsync(() => _app.Client().GetJsonAsync("/api/v1/verdict?component=payments&region=sg"), v => v.Text("verdict") == "local", "results from sg", Deadline);
        for (var i = 0; i < 6; i++)
        {
            using var created = await ReportAsync($"198.51.{10 + i}.7", new { component = "payments", symptom = "payment-failed", region = "sg", appVersion = "5.1.0", text = "<script>alert(1)</script> 付款失败" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var verdict = await _app.Client().GetJsonAsync("/api/v1/verdict?component=payments&region=sg");
        Assert.Equal("investigating", verdict.Text("verdict"));
        Assert.Contains(verdict.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "reports-elevated");
        var reports = verdict.GetProperty("evidence").EnumerateArray().Single(e => e.Text("key") == "reports");
        Assert.Equal(6, reports.GetProperty("values").GetProperty("networks").GetInt32());
    }

    [Theory]
    [InlineData("IPv4 /24", "203.0.113.{0}")]
    [InlineData("IPv6 /48", "2001:db8:77:{0}::1")]
    public async Task Reports_FromOneNetwork_CountOnce_AndAreLimitedTogether(string name, string addresses)
    {
        await Wait.ForAsync(() => _app.Client().GetJsonAsync("/api/v1/verdict?component=balance&region=sg"), v => v.Text("verdict") == "local", "results from sg", Deadline);
        for (var i = 1; i <= 8; i++)
        {
            using var created = await ReportAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, addresses, i), new { component = "balance", symptom = "payment-failed", region = "sg" });
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"{name}: report {i} was {created.StatusCode}");
        }

        var verdict = await _app.Client().GetJsonAsync("/api/v1/verdict?component=balance&region=sg");
        Assert.Equal("local", verdict.Text("verdict"));
        var reports = verdict.GetProperty("evidence").EnumerateArray().Single(e => e.Text("key") == "reports");
        Assert.Equal(1, reports.GetProperty("values").GetProperty("networks").GetInt32());

        // Another address of the same network shares its limit.
        using var ninth = await ReportAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, addresses, 200), new { component = "balance", symptom = "other" });
        Assert.Equal(HttpStatusCode.TooManyRequests, ninth.StatusCode);
    }

    [Theory]
    [InlineData("another site", "https://evil.example", null, HttpStatusCode.Forbidden)]
    [InlineData("a sandboxed frame", "null", null, HttpStatusCode.Forbidden)]
    [InlineData("cross-site fetch without origin", null, "cross-site", HttpStatusCode.Forbidden)]
    [InlineData("the wallet's own site", "https://wallet.example", "cross-site", HttpStatusCode.Created)]
    [InlineData("the app, no origin", null, null, HttpStatusCode.Created)]
    public async Task Reports_FromABrowserOnAnotherSite_AreRefused(string name, string? origin, string? fetchSite, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports")
        {
            Content = JsonContent.Create(new { component = "payments", symptom = "other" }),
        };
        request.Headers.Add("X-Forwarded-For", $"192.0.2.{Math.Abs(name.GetHashCode(StringComparison.Ordinal)) % 200 + 1}");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await _app.Client().SendAsync(request, Ct);

        Assert.True(expected == response.StatusCode, $"{name}: {response.StatusCode}");
        if (origin == "https://wallet.example")
        {
            Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
    }

    private async Task<HttpResponseMessage> ReportAsync(string from, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Forwarded-For", from);
        return await _app.Client().SendAsync(request, Ct);
    }

    [Theory]
    [InlineData("""{ "component": "payments", "symptom": "angry" }""", "symptom")]
    [InlineData("""{ "component": "coffee", "symptom": "other" }""", "component")]
    [InlineData("""{ "component": "payments", "symptom": "other", "appVersion": "five" }""", "appVersion")]
    [InlineData("""{ "component": "payments", "symptom": "other", "region": "../etc" }""", "region")]
    public async Task Reports_Invalid_Is400NamingTheField(string body, string field)
    {
        using var response = await _app.Client().PostAsync("/api/v1/reports", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Verdict_UnknownComponent_Is400()
    {
        using var response = await _app.Client().GetAsync("/api/v1/verdict?component=coffee", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task Switch(HttpClient admin, string region, string fault)
    {
        using var response = await admin.PostAsJsonAsync("/sandbox/faults", new { region, endpoint = "payments", fault }, Ct);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _app.Dispose();
}
