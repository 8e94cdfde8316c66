using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using StatusBoard.Web.Services;

namespace StatusBoard.Tests.Web;

/// <summary>
/// The public page and summary.json under thousands of requests on loopback (bounded in count), while probes run and a
/// fault flips the status: every answer is right, the page shows the change within its window, and the latencies
/// are written to TestResults/load.txt (recorded, never asserted: timings belong to bench/). Idle connections do not
/// keep /ops from answering.
/// </summary>
public sealed class LoadTests : IAsyncDisposable
{
    private const int Requests = 12_000;
    private const int Workers = 48;
    private readonly StatusBoardApp _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublicPageAndSummary_UnderLoad_WhileAFaultFlips_AnswerEveryRequest_AndShowTheChangeInTime()
    {
        var admin = _app.Client(admin: true);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Workers, AllowAutoRedirect = false };
        using var load = new HttpClient(handler) { BaseAddress = _app.ClientOptions.BaseAddress };
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/health"), h => h.Component("payments").Text("status") == "operational", "payments to be operational first");

        var latencies = new double[Requests];
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < Requests; i = Interlocked.Increment(ref next))
            {
                var path = i % 2 == 0 ? "/" : "/api/v2/summary.json";
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await load.GetAsync(path, Ct);
                    var body = await response.Content.ReadAsStringAsync(Ct);
                    if (response.StatusCode != HttpStatusCode.OK || body.Length == 0)
                    {
                        failures.Enqueue($"{path}: {(int)response.StatusCode}");
                    }
                }
                catch (HttpRequestException exception)
                {
                    failures.Enqueue($"{path}: {exception.Message}");
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })).ToList();

        // Mid-load: an outage in sg. The page must show it within its window once health knows.
        await Wait.ForAsync(() => Task.FromResult(Volatile.Read(ref next)), n => n >= Requests / 4, "a quarter of the load");
        (await admin.PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "payments", fault = "outage" }, Ct)).EnsureSuccessStatusCode();
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/health"), h => h.Component("payments").Text("status") != "operational", "health to see the outage", TimeSpan.FromSeconds(20));
        var known = Stopwatch.StartNew();
        await Wait.ForAsync(() => load.GetStringAsync("/", Ct), page => page.Contains("data-component=\"payments\" data-status=\"partial_outage\"", StringComparison.Ordinal),
            "the page to show the outage within its window", PageSnapshots.RefreshAfter + TimeSpan.FromSeconds(3));
        var shownAfter = known.Elapsed;
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        (await admin.PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "payments", fault = "none" }, Ct)).EnsureSuccessStatusCode();

        Assert.True(failures.IsEmpty, $"{failures.Count} failed: {string.Join("; ", failures.Take(5))}");
        Array.Sort(latencies);
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"{Requests} requests ('/' and summary.json alternately) by {Workers} connections in {elapsed.TotalSeconds:0.0} s = {Requests / elapsed.TotalSeconds:0} req/s; " +
            $"latency p50 {latencies[Requests / 2]:0.0} ms, p99 {latencies[Requests * 99 / 100]:0.0} ms, max {latencies[^1]:0.0} ms; " +
            $"an outage seen by health was on the page {shownAfter.TotalSeconds:0.0} s later (window {PageSnapshots.RefreshAfter.TotalSeconds:0} s)");
        await File.WriteAllTextAsync(Path.Combine(Browser.ScreenshotDirectory, "..", "load.txt"), figures + Environment.NewLine, Ct);
        TestContext.Current.SendDiagnosticMessage(figures);
    }

    [Fact]
    public async Task ManyIdleConnections_DoNotKeepOpsFromAnswering()
    {
        var admin = _app.Client(admin: true);
        var address = _app.ClientOptions.BaseAddress;
        var idle = new List<Socket>();
        try
        {
            // Connections that open and then say nothing, or half a request, as slow or idle clients do.
            for (var i = 0; i < 500; i++)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(address.Host, address.Port, Ct);
                if (i % 2 == 0)
                {
                    await socket.SendAsync("GET / HTTP/1.1\r\nHost: status\r\n"u8.ToArray(), Ct);
                }

                idle.Add(socket);
            }

            using var ops = await admin.GetAsync("/ops", Ct);
            using var summary = await _app.Client().GetAsync("/api/v2/summary.json", Ct);

            Assert.Equal(HttpStatusCode.OK, ops.StatusCode);
            Assert.Contains("class=\"strip-item", await ops.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        }
        finally
        {
            foreach (var socket in idle)
            {
                socket.Dispose();
            }
        }
    }
}
