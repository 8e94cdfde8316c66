/// <summary>
/// Prometheus blackbox_exporter as the benches run it: an <c>http_2xx</c> module probing one target, on a free loopback
/// port, answering its first probe of the target with <c>probe_success 1</c> before anything is measured.
/// </summary>
internal sealed class Blackbox : IDisposable
{
    private Blackbox(System.Diagnostics.Process process, HttpClient http, string probe, string directory) =>
        (Process, Http, Probe, _directory) = (process, http, probe, directory);

    private readonly string _directory;

    public System.Diagnostics.Process Process { get; }

    /// <summary>A client of its web port, with room for many probes at once.</summary>
    public HttpClient Http { get; }

    /// <summary>The <c>/probe</c> path that probes the target once.</summary>
    public string Probe { get; }

    public static async Task<Blackbox> StartAsync(string binary, string target)
    {
        var directory = Directory.CreateTempSubdirectory("statusboard-blackbox-").FullName;
        var config = Path.Combine(directory, "blackbox.yml");
        await File.WriteAllTextAsync(config, """
            modules:
              http_2xx:
                prober: http
                timeout: 2s
                http:
                  method: GET
                  valid_status_codes: [200]
                  no_follow_redirects: true
            """);
        var listen = $"127.0.0.1:{BenchProcess.FreePort()}";
        var process = BenchProcess.Start(binary, [$"--config.file={config}", $"--web.listen-address={listen}", "--log.level=warn"], directory);
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = new Uri($"http://{listen}") };
        var probe = $"/probe?module=http_2xx&target={Uri.EscapeDataString(target)}";
        await BenchProcess.WaitAsync(async () => await SucceededAsync(http, probe), TimeSpan.FromSeconds(30), "blackbox_exporter to probe the target");
        return new Blackbox(process, http, probe, directory);
    }

    /// <summary>Probes the target once: whether it answered <c>probe_success 1</c>.</summary>
    public Task<bool> ProbeOnceAsync() => SucceededAsync(Http, Probe);

    public async Task StopAsync() => await BenchProcess.StopAsync(Process);

    public void Dispose()
    {
        Http.Dispose();
        Process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<bool> SucceededAsync(HttpClient http, string probe) =>
        (await http.GetStringAsync(probe)).Contains("probe_success 1", StringComparison.Ordinal);
}
