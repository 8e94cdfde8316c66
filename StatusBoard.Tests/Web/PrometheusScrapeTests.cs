using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using StatusBoard.Probes.Metrics;

namespace StatusBoard.Tests.Web;

/// <summary>/metrics read by a real Prometheus (Debian's, which <c>dotnet test</c> and <c>.ci/run</c> install), and the same figures as meters.</summary>
public sealed class PrometheusScrapeTests : IAsyncLifetime
{
    private const string PrometheusPath = "/usr/bin/prometheus";
    private readonly StatusBoardApp _app = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("statusboard-prometheus-").FullName;
    private Process? _prometheus;

    public ValueTask InitializeAsync()
    {
        _app.Client();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Prometheus_ScrapesProbeUp_ForADemoProbe()
    {
        Assert.True(File.Exists(PrometheusPath), $"{PrometheusPath} is missing: install Debian's prometheus (.ci/run does)");
        var target = _app.ClientOptions.BaseAddress;
        var port = FreePort();
        var config = Path.Combine(_directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: statusboard
                static_configs:
                  - targets: ['{target.Host}:{target.Port}']
            """, TestContext.Current.CancellationToken);
        var start = new ProcessStartInfo(PrometheusPath) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_directory, "data")}", $"--web.listen-address=127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        _prometheus = Process.Start(start)!;
        _prometheus.OutputDataReceived += (_, _) => { };
        _prometheus.ErrorDataReceived += (_, _) => { };
        _prometheus.BeginOutputReadLine();
        _prometheus.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var query = Uri.EscapeDataString("statusboard_probe_up{probe=\"payments-create\",region=\"sg\"}");
        var answer = await Wait.ForAsync(async () =>
        {
            try
            {
                return JsonDocument.Parse(await client.GetStringAsync($"/api/v1/query?query={query}", TestContext.Current.CancellationToken)).RootElement;
            }
            catch (HttpRequestException)
            {
                return default;
            }
        }, json => json.ValueKind == JsonValueKind.Object && json.GetProperty("data").GetProperty("result").GetArrayLength() == 1,
            "Prometheus to have scraped statusboard_probe_up", TimeSpan.FromSeconds(45));

        var series = answer.GetProperty("data").GetProperty("result")[0];
        Assert.Equal("payments", series.GetProperty("metric").GetProperty("component").GetString());
        Assert.Equal("1", series.GetProperty("value")[1].GetString());
    }

    [Fact]
    public async Task Engine_ReportsRunsLagAndWrites_InJsonAndInTheText()
    {
        var client = _app.Client();
        var figures = await Wait.ForAsync(() => client.GetJsonAsync("/api/v1/engine"), json => json.GetProperty("written").GetInt64() > 0, "the engine to write results");

        Assert.True(figures.GetProperty("pairs").GetInt32() >= 3);
        var lag = figures.GetProperty("lag");
        var buckets = lag.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(14, buckets.Count);
        Assert.Equal(lag.GetProperty("count").GetInt64(), buckets.Sum(b => b.GetProperty("count").GetInt64()));
        Assert.True(lag.GetProperty("count").GetInt64() <= figures.GetProperty("started").GetInt64());
        Assert.True(figures.GetProperty("managedHeapBytes").GetInt64() > 0);

        var text = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("# TYPE statusboard_scheduler_lag_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches(@"statusboard_scheduler_lag_seconds_bucket\{le=""\+Inf""\} [1-9]", text);
        Assert.Matches(@"statusboard_results_written_total [1-9]", text);
    }

    [Fact]
    public async Task AProbePausedOrDeleted_LeavesMetricsAtOnce_AndComesBackWhenResumed()
    {
        var admin = _app.Client(admin: true);
        using (var created = await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "balance-metered", name = "Balance, metered", component = "balance", kind = "http", regions = new[] { "sg" }, interval = "1s", timeout = "1s",
            request = new { url = "{sandbox}/{region}/v2/balance" }, conditions = new[] { "[STATUS] == 200" },
        }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        const string Series = "probe=\"balance-metered\"";
        await Wait.ForAsync(() => admin.GetStringAsync("/metrics", TestContext.Current.CancellationToken), text => text.Contains("statusboard_probe_up{" + Series, StringComparison.Ordinal), "the new probe's series");

        (await admin.PostAsync("/api/v1/probes/balance-metered/pause", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        Assert.DoesNotContain(Series, await admin.GetStringAsync("/metrics", TestContext.Current.CancellationToken), StringComparison.Ordinal);

        (await admin.PostAsync("/api/v1/probes/balance-metered/resume", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await Wait.ForAsync(() => admin.GetStringAsync("/metrics", TestContext.Current.CancellationToken), text => text.Contains("statusboard_probe_up{" + Series, StringComparison.Ordinal), "the resumed probe's series");

        (await admin.DeleteAsync("/api/v1/probes/balance-metered", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var after = await admin.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.DoesNotContain(Series, after, StringComparison.Ordinal);
        Assert.Contains("probe=\"balance\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meters_CarryTheSameResults_AsTheText()
    {
        var metrics = _app.Services.GetRequiredService<ProbeMetrics>();
        var meterFactory = _app.Services.GetRequiredService<IMeterFactory>();
        var before = metrics.Snapshot().Results.Sum(r => r.Count);
        var counted = 0L;
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This app's meter only: the other tests' apps in this process have meters of the same name.
            if (instrument.Meter.Name == ProbeMetrics.MeterName && instrument.Meter.Scope == meterFactory && instrument.Name == "statusboard.probe.results")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();
        await Wait.ForAsync(() => Task.FromResult(Interlocked.Read(ref counted)), c => c >= 5, "five results on the meter");
        // The listener stops hearing before the second count, so each result it heard is in that count; at most one
        // result per pair can have been counted before the first count and heard after it.
        listener.Dispose();
        var after = metrics.Snapshot().Results.Sum(r => r.Count);
        var pairs = metrics.Snapshot().Pairs.Count;

        Assert.InRange(Interlocked.Read(ref counted), 5, after - before + pairs);
        // A component is blind until one of its results arrives, operational once one has.
        var text = await Wait.ForAsync(() => _app.Client().GetStringAsync("/metrics", TestContext.Current.CancellationToken),
            t => t.Contains("statusboard_component_status{component=\"payments\",status=\"operational\"} 1", StringComparison.Ordinal), "payments operational on /metrics");
        Assert.Contains("# TYPE statusboard_probe_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("statusboard_agent_last_seen_timestamp_seconds{agent=\"in-process\",region=\"sg\"}", text, StringComparison.Ordinal);
    }

    /// <summary>Each family <c>/metrics</c> writes and the OTLP instrument that carries the same figure.</summary>
    private static readonly Dictionary<string, string> OtlpNames = new(StringComparer.Ordinal)
    {
        ["statusboard_probe_up"] = "statusboard.probe.up",
        ["statusboard_probe_results_total"] = "statusboard.probe.results",
        ["statusboard_probe_duration_seconds"] = "statusboard.probe.duration",
        ["statusboard_probe_certificate_expiry_timestamp_seconds"] = "statusboard.probe.certificate.expiry",
        ["statusboard_component_status"] = "statusboard.component.status",
        ["statusboard_component_scope"] = "statusboard.component.scope",
        ["statusboard_agent_last_seen_timestamp_seconds"] = "statusboard.agent.last_seen",
        ["statusboard_scheduler_pairs"] = "statusboard.scheduler.pairs",
        ["statusboard_scheduler_runs_started_total"] = "statusboard.scheduler.runs.started",
        ["statusboard_scheduler_runs_skipped_total"] = "statusboard.scheduler.runs.skipped",
        ["statusboard_scheduler_lag_seconds"] = "statusboard.scheduler.lag",
        ["statusboard_results_written_total"] = "statusboard.results.written",
        ["statusboard_results_queued"] = "statusboard.results.queued",
        ["statusboard_results_dropped_total"] = "statusboard.results.dropped",
        ["statusboard_storage_failing"] = "statusboard.storage.failing",
    };

    [Fact]
    public async Task Otlp_WhenConfigured_CarriesEveryFamilyOfMetrics_FromTheServiceAndItsNode()
    {
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var collector = await LoopbackServer.StartAsync(app => Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, "/v1/metrics", async (Microsoft.AspNetCore.Http.HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            // OTLP is protobuf: names and attribute values travel as plain UTF-8 inside it.
            bodies.Enqueue(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return Microsoft.AspNetCore.Http.Results.Ok();
        }));
        await using var app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Metrics:Otlp:Endpoint"] = collector.Address + "/v1/metrics",
            ["StatusBoard:Metrics:Otlp:ExportInterval"] = "00:00:01",
            ["StatusBoard:Cluster:NodeName"] = "node-otlp-7",
        });
        var ct = TestContext.Current.CancellationToken;
        var prometheus = await Wait.ForAsync(() => app.Client().GetStringAsync("/metrics", ct), t => t.Contains("statusboard_probe_up{", StringComparison.Ordinal), "a probe's result on /metrics");

        // Every family /metrics declares has its OTLP instrument; every family with a series is exported.
        var declared = System.Text.RegularExpressions.Regex.Matches(prometheus, @"^# TYPE (\S+) ", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(OtlpNames.Keys.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
        var withSeries = declared.Where(family => System.Text.RegularExpressions.Regex.IsMatch(prometheus, $"^{family}(_bucket|_count|_sum)?[{{ ]", System.Text.RegularExpressions.RegexOptions.Multiline)).ToList();
        Assert.Contains("statusboard_scheduler_lag_seconds", withSeries);
        Assert.Contains("statusboard_component_scope", withSeries);

        var missing = await Wait.ForAsync(() => Task.FromResult(withSeries.Where(family => !bodies.Any(b => b.Contains(OtlpNames[family], StringComparison.Ordinal))).ToList()),
            left => left.Count == 0, "an export with every family", TimeSpan.FromSeconds(20));
        Assert.Empty(missing);
        Assert.Contains(bodies, b => b.Contains("payments-create", StringComparison.Ordinal));
        Assert.Contains(bodies, b => b.Contains("service.name", StringComparison.Ordinal) && b.Contains(StatusBoard.Web.Services.OtlpMetrics.ServiceName, StringComparison.Ordinal)
            && b.Contains("service.instance.id", StringComparison.Ordinal) && b.Contains("node-otlp-7", StringComparison.Ordinal));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_prometheus is { HasExited: false })
        {
            _prometheus.Kill(entireProcessTree: true);
            await _prometheus.WaitForExitAsync();
        }

        _prometheus?.Dispose();
        await _app.DisposeAsync();
    }
}
