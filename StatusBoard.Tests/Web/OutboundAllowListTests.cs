using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Web;

/// <summary>
/// The running server with an allow-list that leaves loopback out: the sandbox still works, while probes, webhooks and
/// the public self-check never reach a private address — refused at save when written as one, at connect time otherwise.
/// </summary>
public sealed class OutboundAllowListTests : IAsyncLifetime
{
    private LoopbackServer _internal = null!;
    private StatusBoardApp _app = null!;
    private int _hits;

    public async ValueTask InitializeAsync()
    {
        _internal = await LoopbackServer.StartAsync(app => app.Map("/{**path}", () =>
        {
            Interlocked.Increment(ref _hits);
            return Results.Text("internal");
        }));
        _app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Probes:AllowedPrivateNetworks:0"] = "10.99.0.0/16",
            ["StatusBoard:Notifications:PollInterval"] = "00:00:00.200",
            ["StatusBoard:Notifications:Channels:0:Name"] = "internal",
            ["StatusBoard:Notifications:Channels:0:Type"] = "webhook",
            ["StatusBoard:Notifications:Channels:0:Url"] = _internal.Address + "/hook",
        });
        _app.Client();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _internal.DisposeAsync();
    }

    [Fact]
    public async Task Sandbox_IsAlwaysAllowed_AProbeToAnInternalAddressIsRefusedAtSave()
    {
        var admin = _app.Client(admin: true);
        var created = await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "metadata",
            name = "Metadata",
            component = "balance",
            kind = "http",
            regions = new[] { "sg" },
            interval = "1s",
            timeout = "1s",
            request = new { url = "http://[::ffff:169.254.169.254]/latest/meta-data/" },
            conditions = new[] { "[STATUS] == 200" },
        }, TestContext.Current.CancellationToken);
        var sandbox = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=balance&limit=5"),
            list => list.GetArrayLength() >= 3, "runs of the sandbox probe");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("AllowedPrivateNetworks", await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        // The sandbox answered (HTTP 200): the allow-list let it through. Whether it was fast is not this test's matter.
        Assert.All(sandbox.EnumerateArray(), r => Assert.Equal(("none", 200), (r.Text("transport"), r.GetProperty("httpStatus").GetInt32())));
    }

    [Fact]
    public async Task Webhook_ToALoopbackAddress_IsRefusedAtSave_AndFromConfigurationFailsAtDeliveryWithTheReason()
    {
        var admin = _app.Client(admin: true);
        var saved = await admin.PutAsJsonAsync("/api/v1/notification-channels/internal-api", new { type = "webhook", url = _internal.Address + "/hook" }, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, saved.StatusCode);

        // A channel from configuration is not saved through the API: the connect-time check still stops it.
        (await admin.PostAsync("/api/v1/notification-channels/internal/test", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var deliveries = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/notification-channels/deliveries"),
            list => list.EnumerateArray().Any(d => d.Text("channel") == "internal" && d.GetProperty("attempts").GetInt64() >= 1), "the delivery to fail");

        Assert.Contains("AllowedPrivateNetworks", deliveries.EnumerateArray().First(d => d.Text("channel") == "internal").Text("lastError"), StringComparison.Ordinal);
        Assert.Equal(0, _hits);
    }

    [Fact]
    public async Task TheAppsOwnApi_IsNoProbeTarget_OnlyItsSandboxIs()
    {
        var admin = _app.Client(admin: true);
        var own = _app.ClientOptions.BaseAddress.ToString().TrimEnd('/').Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        object Probe(string key, string url) => new
        {
            key, name = key, component = "balance", kind = "http", regions = new[] { "sg" }, interval = "1s", timeout = "1s",
            request = new { url, headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {StatusBoardApp.AdminKey}" } },
            conditions = new[] { "[STATUS] == 200" },
        };

        var literal = await admin.PostAsJsonAsync("/api/v1/probes", Probe("own-api", own + "/api/v1/probes"), TestContext.Current.CancellationToken);
        var sandbox = await admin.PostAsJsonAsync("/api/v1/probes", Probe("own-sandbox", own + "/sandbox/sg/v2/balance"), TestContext.Current.CancellationToken);
        var climbing = await admin.PostAsJsonAsync("/api/v1/probes", Probe("climbing", "{sandbox}/%2e%2e/api/v1/probes"), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, literal.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Created, sandbox.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Created, climbing.StatusCode);
        var up = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=own-sandbox&limit=1"), list => list.GetArrayLength() > 0, "a run of the sandbox probe");
        var refused = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=climbing&limit=1"), list => list.GetArrayLength() > 0, "a run of the climbing probe");
        Assert.Equal("up", up[0].Text("outcome"));
        Assert.Equal(("error", "destination-refused"), (refused[0].Text("outcome"), refused[0].Text("rule")));
        Assert.False(refused[0].TryGetProperty("httpStatus", out _));
    }

    [Fact]
    public async Task PublicSelfCheck_NeverMakesTheServerFetch()
    {
        var client = _app.Client();
        var target = Uri.EscapeDataString(_internal.Address + "/ping");
        var refusedBefore = _app.Services.GetRequiredService<Destinations>().Refused;

        foreach (var path in new[] { $"/?ping={target}&region=sg&app=1.0", $"/api/v1/verdict?region=sg&app=1.0&ping={target}&url={target}", $"/api/v1/verdict?region={target}" })
        {
            var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True((int)response.StatusCode is 200 or 400, $"{path} answered {(int)response.StatusCode}");
        }

        Assert.Equal(0, _hits);
        Assert.Equal(refusedBefore, _app.Services.GetRequiredService<Destinations>().Refused);
    }
}
