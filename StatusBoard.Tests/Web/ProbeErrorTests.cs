using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace StatusBoard.Tests.Web;

/// <summary>
/// Faults of StatusBoard's own (a destination its allow-list refuses, a secret not set) are the probe's: refused at save
/// when they can be seen then, otherwise an <c>error</c> result that reaches /ops and /metrics and nothing a wallet user
/// reads — no component's health, no incident, not the public page.
/// </summary>
public sealed class ProbeErrorTests : IAsyncLifetime
{
    /// <summary>A name whose DNS answer is a private address the test app does not allow (it allows 127.0.0.0/8 only).</summary>
    private const string Intranet = "intranet.payments.test";

    private readonly ConcurrentQueue<string> _notifications = new();
    private LoopbackServer _hooks = null!;
    private StatusBoardApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string BaseUrl => _app.ClientOptions.BaseAddress.ToString().TrimEnd('/');

    public async ValueTask InitializeAsync()
    {
        _hooks = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            _notifications.Enqueue(await reader.ReadToEndAsync(http.RequestAborted));
            return Results.Ok();
        }));
        _app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Notifications:PollInterval"] = "00:00:00.200",
            ["StatusBoard:Notifications:Channels:0:Name"] = "operators",
            ["StatusBoard:Notifications:Channels:0:Type"] = "webhook",
            ["StatusBoard:Notifications:Channels:0:Url"] = _hooks.Address + "/hook",
            ["StatusBoard:Notifications:Channels:0:Events:0"] = "probe.error",
        })
        {
            TestServices = services => services.AddSingleton<Func<string, CancellationToken, Task<IPAddress[]>>>(
                (name, ct) => name == Intranet ? Task.FromResult(new[] { IPAddress.Parse("10.20.30.40") }) : Dns.GetHostAddressesAsync(name, ct)),
        };
        _app.Client();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _hooks.DisposeAsync();
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "request.url")]
    [InlineData("http://0xa9fea9fe/", "request.url")]
    [InlineData("http://[::ffff:169.254.169.254]/", "request.url")]
    [InlineData("http://10.1.2.3:8080/v2/balance", "request.url")]
    [InlineData("http://2852039166/", "request.url")]
    [InlineData("http://[fd00::1]:8443/", "request.url")]
    public async Task Save_AProbeToALiteralAddressTheAllowListRefuses_Is400NamingTheFieldAndTheSetting(string url, string field)
    {
        var admin = _app.Client(admin: true);

        var response = await admin.PostAsJsonAsync("/api/v1/probes", Http("metadata", url), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), errors.ToString());
        Assert.Contains("StatusBoard:Probes:AllowedPrivateNetworks", messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/probes/metadata", Ct)).StatusCode);
    }

    [Fact]
    public async Task Save_EveryWritePath_RefusesALiteralAddress_TcpTargetsJourneyStepsImportsAndWebhooks()
    {
        var admin = _app.Client(admin: true);

        var tcp = await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "metadata-tcp", name = "Metadata", component = "balance", kind = "tcp", regions = new[] { "sg" }, interval = "1s", timeout = "1s",
            target = "169.254.169.254:80", conditions = new[] { "[CONNECTED] == true" },
        }, Ct);
        var journey = await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "metadata-journey", name = "Metadata", component = "balance", kind = "journey", regions = new[] { "sg" }, interval = "1s", timeout = "1s",
            steps = new[] { new { name = "read", request = new { url = "http://192.168.0.1:8080/" }, conditions = new[] { "[STATUS] == 200" } } },
        }, Ct);
        var import = await admin.PostAsync("/api/v1/config?dryRun=true", JsonContent.Create(new { probes = new[] { Http("imported", "http://169.254.169.254/") } }), Ct);
        var channel = await admin.PutAsJsonAsync("/api/v1/notification-channels/metadata", new { type = "webhook", url = "http://169.254.169.254/hook" }, Ct);

        Assert.Equal("target", await RefusedFieldAsync(tcp));
        Assert.Equal("steps[0].request.url", await RefusedFieldAsync(journey));
        Assert.Equal("probes[0].request.url", await RefusedFieldAsync(import));
        Assert.Equal("url", await RefusedFieldAsync(channel));
    }

    [Fact]
    [Trait("Surface", "browser")]
    public async Task AProbeToANameResolvingToARefusedAddress_RecordsAnError_ThatReachesOpsAndMetrics_ButNoHealthIncidentOrPublicPage()
    {
        var admin = _app.Client(admin: true);
        (await admin.PostAsJsonAsync("/api/v1/probes", Http("intranet-ping", $"http://{Intranet}/v2/ping", component: "payments"), Ct)).EnsureSuccessStatusCode();

        var errors = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=intranet-ping&region=sg&limit=20"),
            list => list.GetArrayLength() >= 4, "four runs of the refused probe", TimeSpan.FromSeconds(30));
        Assert.All(errors.EnumerateArray(), result =>
        {
            Assert.Equal(("error", "probe", "destination-refused"), (result.Text("outcome"), result.Text("category"), result.Text("rule")));
            Assert.Contains("10.20.30.40", result.Text("message"), StringComparison.Ordinal);
            Assert.Contains("AllowedPrivateNetworks", result.Text("message"), StringComparison.Ordinal);
        });

        // Payments keeps the status its other probes give it; nothing was opened, nothing public names the probe.
        var health = await Wait.ForAsync(() => _app.Client().GetJsonAsync("/api/v1/health"),
            h => h.Component("payments").Text("status") == "operational", "payments operational from its sandbox probes");
        Assert.Equal("operational", health.Component("payments").Region("sg").Text("status"));
        Assert.Equal(0, (await admin.GetJsonAsync("/api/v1/incidents")).GetArrayLength());
        var page = await _app.Client().GetStringAsync("/?lang=en", Ct);
        Assert.DoesNotContain("intranet", page, StringComparison.OrdinalIgnoreCase);
        var metrics = await admin.GetStringAsync("/metrics", Ct);
        Assert.Contains("probe=\"intranet-ping\"", metrics, StringComparison.Ordinal);
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("statusboard_probe_results_total{", StringComparison.Ordinal)
            && line.Contains("probe=\"intranet-ping\"", StringComparison.Ordinal) && line.Contains("outcome=\"error\",category=\"probe\"", StringComparison.Ordinal));
        Assert.DoesNotContain(metrics.Split('\n'), line => line.StartsWith("statusboard_probe_up{", StringComparison.Ordinal) && line.Contains("intranet-ping", StringComparison.Ordinal));

        // Operators are told once, however many runs err.
        await Wait.ForAsync(() => Task.FromResult(ProbeErrorNotices("intranet-ping")), count => count >= 1, "the probe.error notification", TimeSpan.FromSeconds(20));
        var runs = (await admin.GetJsonAsync("/api/v1/results?probe=intranet-ping&region=sg&limit=50")).GetArrayLength();
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=intranet-ping&region=sg&limit=50"), list => list.GetArrayLength() >= runs + 3, "three more erring runs");
        Assert.Equal(1, ProbeErrorNotices("intranet-ping"));

        // /ops shows the cell as the probe's error, with the reason and what to fix.
        await using var browser = await Browser.LaunchAsync();
        var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var ops = await context.NewPageAsync();
        await Browser.SignInAsync(ops, BaseUrl, "/ops");
        var cell = ops.Locator("td[data-probe=intranet-ping][data-region=sg]");
        await Assertions.Expect(cell).ToHaveAttributeAsync("data-status", "error", new LocatorAssertionsToHaveAttributeOptions { Timeout = 15_000 });
        await Assertions.Expect(cell).ToContainTextAsync("AllowedPrivateNetworks");
        await Assertions.Expect(ops.Locator("td[data-probe=payments-create][data-region=sg]")).ToHaveAttributeAsync("data-status", "up");
        // Shown once, in its cell: the failure stream is the platform's failures, not repeated every run.
        Assert.Equal(0, await ops.Locator(".failure[data-probe=intranet-ping]").CountAsync());
        await Browser.ScreenshotAsync(ops, "ops-probe-error-cell");
        await context.CloseAsync();
    }

    [Fact]
    public async Task ATcpProbeToARefusedDestination_RunNowAnswers200WithTheError_AndTheSchedulerStoresIt()
    {
        var admin = _app.Client(admin: true);
        (await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "intranet-db", name = "Ledger database", component = "balance", kind = "tcp", regions = new[] { "sg" }, interval = "1s", timeout = "1s",
            target = $"{Intranet}:5432", conditions = new[] { "[CONNECTED] == true" },
        }, Ct)).EnsureSuccessStatusCode();

        var run = await admin.PostAsync("/api/v1/probes/intranet-db/run", null, Ct);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var result = (await run.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("results")[0];
        Assert.Equal(("error", "probe", "blocked"), (result.Text("outcome"), result.Text("category"), result.Text("transport")));
        var stored = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=intranet-db&region=sg&limit=10"),
            list => list.GetArrayLength() >= 3, "the scheduler's runs stored beside the manual one");
        Assert.All(stored.EnumerateArray(), r => Assert.Equal("error", r.Text("outcome")));
    }

    [Fact]
    public async Task AStoredProbeWhoseSecretIsNotSetAfterARestart_RunsAsAnErrorNamingTheVariable()
    {
        var variable = $"STATUSBOARD_SECRET_TEST_{Guid.NewGuid():N}"[..40].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, "secret-token-value");
        await using var first = new StatusBoardApp();
        var admin = first.Client(admin: true);
        (await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "balance-token", name = "Balance with a token", component = "balance", kind = "http", regions = new[] { "sg" }, interval = "1s", timeout = "1s",
            request = new { url = "{sandbox}/{region}/v2/balance", headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer ${{{variable}}}" } },
            conditions = new[] { "[STATUS] == 200" },
        }, Ct)).EnsureSuccessStatusCode();
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=balance-token&region=sg&limit=1"),
            list => list.GetArrayLength() == 1 && list[0].Text("outcome") == "up", "a good run while the variable is set");
        await first.DisposeAsync();
        Environment.SetEnvironmentVariable(variable, null);

        await using var restarted = first.Restarted();
        var since = DateTimeOffset.UtcNow;
        var results = await Wait.ForAsync(() => restarted.Client(admin: true).ResultsAsync("balance-token", "sg", since),
            list => list.GetArrayLength() >= 2, "runs of the probe after the restart");

        Assert.All(results.EnumerateArray(), r =>
        {
            Assert.Equal(("error", "probe", "probe-fault"), (r.Text("outcome"), r.Text("category"), r.Text("rule")));
            Assert.Contains("${" + variable + "}", r.Text("message"), StringComparison.Ordinal);
        });
        // Balance keeps the status its sandbox probe gives it.
        await Wait.ForAsync(() => restarted.Client().GetJsonAsync("/api/v1/health"),
            h => h.Component("balance").Region("sg").Text("status") == "operational", "balance in sg operational from its other probe");
    }

    private int ProbeErrorNotices(string probe) =>
        _notifications.Count(body => body.Contains("probe.error", StringComparison.Ordinal) && body.Contains(probe, StringComparison.Ordinal));

    private static async Task<string> RefusedFieldAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        var refused = errors.EnumerateObject().Where(e => e.Value[0].GetString()!.Contains("AllowedPrivateNetworks", StringComparison.Ordinal)).Select(e => e.Name).ToList();
        return Assert.Single(refused);
    }

    private static object Http(string key, string url, string component = "balance") => new
    {
        key, name = key, component, kind = "http", regions = new[] { "sg" }, interval = "1s", timeout = "1s",
        request = new { url }, conditions = new[] { "[STATUS] == 200" },
    };
}
