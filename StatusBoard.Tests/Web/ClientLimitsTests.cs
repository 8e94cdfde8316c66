using Microsoft.AspNetCore.Http;
using StatusBoard.Web.Security;

namespace StatusBoard.Tests.Web;

/// <summary>X-Forwarded-For believed only from configured proxies; anonymous clients limited one by one and together.</summary>
public sealed class ClientLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BehindATrustedProxy_EachClientHasItsOwnLimit_AndSignedInCallersNone()
    {
        await using var app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Network:TrustedProxies:0"] = "127.0.0.1/32",
            ["StatusBoard:Network:PerClientPerSecond"] = "1",
            ["StatusBoard:Network:PerClientBurst"] = "5",
        });
        var client = app.Client(followRedirects: false);

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            first.Add((await SendAsync(client, "/api/v2/summary.json", "203.0.113.7", Ct)).StatusCode);
        }

        using var limited = await SendAsync(client, "/", "203.0.113.7", Ct);
        using var browserRequest = new HttpRequestMessage(HttpMethod.Get, "/history");
        browserRequest.Headers.Add("X-Forwarded-For", "203.0.113.7");
        browserRequest.Headers.Add("Accept", "text/html,application/xhtml+xml");
        browserRequest.Headers.Add("Accept-Language", "zh-CN,zh;q=0.9");
        using var browser = await client.SendAsync(browserRequest, Ct);
        var browserPage = await browser.Content.ReadAsStringAsync(Ct);
        using var other = await SendAsync(client, "/api/v2/summary.json", "198.51.100.9", Ct);
        using var direct = await client.GetAsync("/api/v2/summary.json", Ct);
        using var signedIn = await SendAsync(app.Client(admin: true), "/api/v2/summary.json", "203.0.113.7", Ct);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("Too many requests", (await limited.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).Text("title"));
        // A browser over the limit is told so in its reader's language, with when to try again.
        Assert.Equal(HttpStatusCode.TooManyRequests, browser.StatusCode);
        Assert.Equal("text/html", browser.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"zh-CN\"", browserPage, StringComparison.Ordinal);
        Assert.Contains("访问过于频繁", browserPage, StringComparison.Ordinal);
        Assert.Contains($"您可以在 {(int)browser.Headers.RetryAfter!.Delta!.Value.TotalSeconds} 秒后重试。", browserPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task WithoutATrustedProxy_XForwardedForIsIgnored()
    {
        await using var app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Network:PerClientPerSecond"] = "1",
            ["StatusBoard:Network:PerClientBurst"] = "2",
            ["StatusBoard:Reports:PerClientLimit"] = "2",
        });
        var client = app.Client(followRedirects: false);

        // A spoofed address neither puts this caller under another's limit nor gets it a fresh report allowance.
        var pages = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            pages.Add((await SendAsync(client, "/api/v2/summary.json", "203.0.113.7", Ct)).StatusCode);
        }

        var reports = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = JsonContent.Create(new { component = "payments", symptom = "payment-failed" }) };
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            reports.Add((await client.SendAsync(request, Ct)).StatusCode);
        }

        Assert.All(pages, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], reports);
    }

    [Fact]
    public async Task AnonymousRequestsTogether_AreBoundedInFlight_TheRestRefusedAtOnce()
    {
        await using var app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Network:TrustedProxies:0"] = "127.0.0.1/32",
            ["StatusBoard:Network:ConcurrentAnonymous"] = "2",
        });
        var client = app.Client(followRedirects: false);
        (await app.Client(admin: true).PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "balance", fault = "latency", latencyMs = 5000 }, Ct)).EnsureSuccessStatusCode();

        // Three clients at once whose answers take five seconds: two are served, the third refused at once.
        var sent = TimeProvider.System.GetTimestamp();
        var answers = await Task.WhenAll(new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3" }.Select(address => SendAsync(client, "/sandbox/sg/v2/balance", address, Ct)));
        var afterwards = await SendAsync(client, "/api/v2/summary.json", "203.0.113.3", Ct);
        (await app.Client(admin: true).PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "balance", fault = "none" }, Ct)).EnsureSuccessStatusCode();

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers.Select(a => a.StatusCode).Order());
        Assert.InRange(TimeProvider.System.GetElapsedTime(sent), TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task SignIn_FromOneAddress_IsLimitedWhateverAccountsItTries()
    {
        await using var app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Network:TrustedProxies:0"] = "127.0.0.1/32",
            ["StatusBoard:Accounts:SignInAttemptsPerMinute"] = "3",
        });
        var sprayer = app.CookieClient();
        sprayer.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        var other = app.CookieClient();
        other.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.20");

        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await StatusBoardApp.SignInAsync(sprayer, $"user{i}@example.com", "password guess 1");
            answers.Add(response.Headers.Location!.OriginalString);
        }

        using var elsewhere = await StatusBoardApp.SignInAsync(other, "user0@example.com", "password guess 1");

        Assert.All(answers.Take(3), location => Assert.StartsWith("/signin?error=invalid", location, StringComparison.Ordinal));
        Assert.Equal("/signin?error=limited", answers[3]);
        Assert.StartsWith("/signin?error=invalid", elsewhere.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("Too many sign-in attempts from this address", await sprayer.GetStringAsync("/signin?error=limited", Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.7", false, "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", false, "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", false, "2001:db8:1:2::/64")]
    [InlineData("127.0.0.1", false, null)]
    [InlineData("::1", false, null)]
    [InlineData("203.0.113.7", true, null)]
    public void Client_IsOneAddress_OrAnIPv6Slash64_AndNobodyForLoopbackOrSignedIn(string address, bool signedIn, string? expected)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (signedIn)
        {
            http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([], "test"));
        }

        Assert.Equal(expected, ClientLimits.Client(http));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string forwardedFor, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request, cancellationToken);
    }
}
