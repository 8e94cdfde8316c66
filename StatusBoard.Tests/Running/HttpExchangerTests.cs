using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Running;

public sealed class HttpExchangerTests : IAsyncLifetime
{
    private const int Cap = 64 * 1024;
    private readonly HttpExchanger _exchanger = new(TimeProvider.System, Options.Create(new ProbeHttpOptions { MaxBodyBytes = Cap }), TestDestinations.Loopback);
    private LoopbackServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/ok", () => Results.Json(new { status = "ok" }));
            HostileEndpoints.Map(app);
        });
    }

    private static HttpRequestTemplate Get(string url) => new("GET", url, new Dictionary<string, string>(), null);

    private static TemplateValues Values => new("sg", null, DateTimeOffset.UnixEpoch, new Dictionary<string, string>());

    [Fact]
    public async Task SendAsync_Ok_ReadsBodyAndPhases()
    {
        var exchange = await _exchanger.SendAsync(Get(_server.Address + "/ok"), Values, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(TransportFailure.None, exchange.Transport);
        Assert.Equal(200, exchange.Response!.Status);
        Assert.Contains("ok", exchange.Response.Body, StringComparison.Ordinal);
        Assert.NotNull(exchange.Phases!.ConnectMs);
        Assert.NotNull(exchange.Phases.FirstByteMs);
        Assert.Null(exchange.Phases.TlsMs);
    }

    [Fact]
    public async Task SendAsync_ClosedPort_IsRefused()
    {
        var port = ClosedPort();

        var exchange = await _exchanger.SendAsync(Get($"http://127.0.0.1:{port}/"), Values, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(TransportFailure.ConnectionRefused, exchange.Transport);
        Assert.Equal(FailureCategory.Network, Classifier.Classify(new Evidence { Transport = exchange.Transport }, [], null).Category);
    }

    [Fact]
    public async Task SendAsync_UnresolvableHost_IsDnsOrTimeout()
    {
        var exchange = await _exchanger.SendAsync(Get("http://statusboard-test.invalid/"), Values, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Contains(exchange.Transport, new[] { TransportFailure.Dns, TransportFailure.Timeout });
    }

    [Fact]
    public async Task SendAsync_FiftyMegabytes_ReadsOnlyTheCap()
    {
        var exchange = await _exchanger.SendAsync(Get(_server.Address + "/huge"), Values, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(TransportFailure.None, exchange.Transport);
        Assert.Equal(Cap, exchange.BytesRead);
        Assert.True(exchange.Truncated);
        Assert.Equal(Cap, exchange.Response!.Body.Length);
    }

    [Fact]
    public async Task SendAsync_Trickle_EndsAtTheDeadlineAsTimeout()
    {
        var started = TimeProvider.System.GetTimestamp();

        var exchange = await _exchanger.SendAsync(Get(_server.Address + "/trickle"), Values, TimeSpan.FromMilliseconds(1500), TestContext.Current.CancellationToken);

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        Assert.Equal(TransportFailure.Timeout, exchange.Transport);
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(1400), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("/gigabyte", 200, true)]
    [InlineData("/gzip-bomb", 200, null)]
    [InlineData("/endless", 200, true)]
    [InlineData("/loop", 302, false)]
    public async Task SendAsync_HostileBodies_EndQuicklyHavingReadAtMostTheCap(string path, int status, bool? truncated)
    {
        var started = TimeProvider.System.GetTimestamp();

        var exchange = await _exchanger.SendAsync(Get(_server.Address + path), Values, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(TransportFailure.None, exchange.Transport);
        Assert.Equal(status, exchange.Response!.Status);
        Assert.True(truncated is null || truncated == exchange.Truncated);
        Assert.InRange(exchange.BytesRead, 0, Cap);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SendAsync_GzipBomb_IsInflatedOnlyUpToTheCap()
    {
        var exchange = await _exchanger.SendAsync(Get(_server.Address + "/gzip-bomb"), Values, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // Decoded as the app would, but the cap counts decoded bytes: of the 64 MB of zeros, 64 KB ever exist in memory.
        Assert.Equal("gzip", exchange.Response!.Headers["Content-Encoding"]);
        Assert.Equal(Cap, exchange.BytesRead);
        Assert.True(exchange.Truncated);
        Assert.Equal(Cap, exchange.Response.Body.Length);
        Assert.All(exchange.Response.Body, c => Assert.Equal('\0', c));
    }

    [Fact]
    public async Task SendAsync_TenThousandHeaders_IsAProtocolFailure()
    {
        var exchange = await _exchanger.SendAsync(Get(_server.Address + "/headers"), Values, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(TransportFailure.Protocol, exchange.Transport);
        Assert.Contains("header", exchange.TransportDetail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _exchanger.SendAsync(Get(_server.Address + "/trickle"), Values, TimeSpan.FromSeconds(5), cancelled.Token));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
    }
}
