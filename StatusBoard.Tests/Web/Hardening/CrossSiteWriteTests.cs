using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace StatusBoard.Tests.Web.Hardening;

/// <summary>
/// Finding 4 of the hardening issue: a page of another origin made the admin's browser create a component, a webhook
/// channel and a probe through cookie-authenticated API writes, and the hub streamed results to a viewer cookie from any
/// Origin. Cookie-borne writes now need this origin and a document body; the hub checks Origin for cookie clients.
/// </summary>
public sealed class CrossSiteWriteTests : IAsyncLifetime
{
    private readonly StatusBoardApp _app = new();
    private HttpClient _browser = null!;
    private string _own = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _browser = _app.CookieClient();
        await StatusBoardApp.SignInAsync(_browser, StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword);
        _own = _app.ClientOptions.BaseAddress.GetLeftPart(UriPartial.Authority);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<HttpStatusCode> WriteAsync(HttpMethod method, string path, string body, string contentType, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _browser.SendAsync(request, Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task ForgedCookieWrites_AreRefused_AndNothingIsWritten()
    {
        const string component = """{ "key": "forged", "names": { "en": "Forged" } }""";
        const string channel = """{ "type": "webhook", "url": "https://evil.example/hook" }""";
        const string probe = """{ "key": "forged-probe", "name": "F", "component": "payments", "regions": ["sg"], "request": { "url": "https://evil.example/" }, "conditions": ["[STATUS] == 200"] }""";

        var answers = new[]
        {
            // A form or fetch from another origin: Origin says so.
            await WriteAsync(HttpMethod.Post, "/api/v1/components", component, "text/plain", ("Origin", "https://evil.example")),
            await WriteAsync(HttpMethod.Put, "/api/v1/notification-channels/forged", channel, "application/json", ("Origin", "https://status.example.evil")),
            // Another origin on the same site: the browser says same-site, not same-origin.
            await WriteAsync(HttpMethod.Post, "/api/v1/probes", probe, "text/plain", ("Sec-Fetch-Site", "same-site")),
            // A browser that says nothing at all is not taken for this origin either.
            await WriteAsync(HttpMethod.Post, "/api/v1/components", component, "text/plain"),
            // From this origin, but as the text/plain a page may send without asking.
            await WriteAsync(HttpMethod.Post, "/api/v1/components", component, "text/plain", ("Origin", _own)),
        };
        var admin = _app.Client(admin: true);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.UnsupportedMediaType], answers);
        Assert.DoesNotContain("\"forged\"", await admin.GetStringAsync("/api/v1/components", Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/probes/forged-probe", Ct)).StatusCode);
        Assert.DoesNotContain("\"forged\"", await admin.GetStringAsync("/api/v1/notification-channels", Ct), StringComparison.Ordinal);

        // The same writes from StatusBoard's own pages, and with an API key, still work.
        Assert.Equal(HttpStatusCode.Created, await WriteAsync(HttpMethod.Post, "/api/v1/components", component, "application/json", ("Origin", _own)));
        Assert.Contains("\"forged\"", await admin.GetStringAsync("/api/v1/components", Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/probes", new StringContent(probe, Encoding.UTF8, "application/json"), Ct)).StatusCode);
    }

    [Fact]
    public async Task TheHub_RefusesACookieFromAForeignOrigin_AndTakesItFromItsOwn()
    {
        async Task<bool> ConnectAsync(string origin)
        {
            var cookies = new CookieContainer();
            foreach (var header in (await SignedInCookiesAsync()).Split("; "))
            {
                var (name, value) = (header[..header.IndexOf('=', StringComparison.Ordinal)], header[(header.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                cookies.Add(_app.ClientOptions.BaseAddress, new Cookie(name, value));
            }

            await using var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(_app.ClientOptions.BaseAddress, "/hubs/status"), options =>
                {
                    options.Cookies = cookies;
                    options.Headers["Origin"] = origin;
                    options.Transports = HttpTransportType.LongPolling;
                })
                .Build();
            try
            {
                await connection.StartAsync(Ct);
                return true;
            }
            catch (HttpRequestException exception) when (exception.StatusCode == HttpStatusCode.Forbidden)
            {
                return false;
            }
        }

        Assert.False(await ConnectAsync("https://evil.example"));
        Assert.True(await ConnectAsync(_own));
    }

    private async Task<string> SignedInCookiesAsync()
    {
        var client = _app.CookieClient();
        var signedIn = await StatusBoardApp.SignInAsync(client, StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword);
        return string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }
}
