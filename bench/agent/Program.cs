// The remote agent as people run it (the native executable of `dotnet publish StatusBoard.Probes`) beside Prometheus
// blackbox_exporter at the same load, in the same run.
//
//   dotnet bench/agent/bin/Release/net10.0/AgentBench.dll <StatusBoard.Web.dll> <agent binary> <blackbox_exporter binary> <target url> [pairs=1000] [interval=10] [window=30] [windows=3]
//
// A StatusBoard server (Release) holds `pairs` plain HTTP probes of the region "bench", which it does not run itself;
// the agent, started with the README's arguments, runs them at `interval` seconds against the target and delivers the
// results. Per window: the agent's runs (results the server stored), CPU and RSS from /proc; at the start, how long from
// starting the agent until the server had its first result. Then blackbox_exporter probes the same target at the same
// rate for as long, driven through /probe; its CPU and RSS the same way. Figures are printed only when ≥ 99.9 % of each
// side's probes succeeded and the agent ran at least 99 % of the runs planned.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

var webDll = Path.GetFullPath(args[0]);
var agentBinary = Path.GetFullPath(args[1]);
var blackboxBinary = args[2];
var target = args[3];
var pairs = Arg(4, 1000);
var interval = Arg(5, 10);
var window = TimeSpan.FromSeconds(Arg(6, 30));
var windows = Arg(7, 3);
var rate = pairs / (double)interval;
const string AdminKey = "sb_admin_bench_agent_0123456789abcdef";

var data = Directory.CreateTempSubdirectory("statusboard-agent-bench-").FullName;
var configDirectory = Directory.CreateDirectory(Path.Combine(data, "config")).FullName;
var database = Path.Combine(data, "server.db");
await BenchFigures.WriteProbesAsync(configDirectory, "agent", pairs, ["bench"], interval, target);
var baseUrl = $"http://127.0.0.1:{BenchProcess.FreePort()}";
using var server = BenchProcess.Start("dotnet", [webDll, "--urls", baseUrl, $"--ConnectionStrings:StatusBoard=Data Source={database}",
    "--Logging:LogLevel:Default=Warning", $"--StatusBoard:Config:Directory={configDirectory}", $"--StatusBoard:Bootstrap:AdminApiKey={AdminKey}",
    // The server runs its demo probes in cn-east only; "bench" is the agent's.
    "--StatusBoard:Probes:LocalRegions:0=cn-east", "--StatusBoard:Probes:AllowedPrivateNetworks:0=127.0.0.1/32", $"--StatusBoard:Probes:MaxProbes={pairs + 100}", $"--StatusBoard:Probes:MaxRunsPerSecond={(int)rate * 2 + 100}"],
    Path.GetDirectoryName(webDll)!);
// A bench that fails on the way leaves nothing running behind it.
AppDomain.CurrentDomain.UnhandledException += (_, _) => server.Kill(entireProcessTree: true);
using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
await BenchProcess.WaitAsync(async () => (await http.GetAsync("/healthz")).IsSuccessStatusCode, TimeSpan.FromMinutes(1), "the server's /healthz");
await BenchProcess.WaitAsync(async () => (await http.GetFromJsonAsync<JsonElement>("/api/v1/probes")).GetArrayLength() >= pairs, TimeSpan.FromMinutes(1), "the bench's probes to load");
using var created = await http.PostAsJsonAsync("/api/v1/agent-keys", new { region = "bench", name = "bench-agent" });
created.EnsureSuccessStatusCode();
var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

// The agent may probe loopback only when its destination allow-list says so, as on the server.
var agentStartedAt = TimeProvider.System.GetUtcNow();
var sinceStart = Stopwatch.StartNew();
using var agent = BenchProcess.Start(agentBinary, ["--server", baseUrl, "--region", "bench", "--key", key, "--buffer", Path.Combine(data, "agent-buffer.db"),
    "--Logging:LogLevel:Default=Warning", "--StatusBoard:Probes:AllowedPrivateNetworks:0=127.0.0.1/32"], data);
AppDomain.CurrentDomain.UnhandledException += (_, _) => agent.Kill(entireProcessTree: true);
JsonElement first = default;
await BenchProcess.WaitAsync(async () =>
{
    first = await http.GetFromJsonAsync<JsonElement>("/api/v1/results?region=bench&limit=1");
    return first.GetArrayLength() > 0;
}, TimeSpan.FromMinutes(1), "the agent's first result at the server");
var firstStored = sinceStart.Elapsed;
var firstRan = first[0].GetProperty("startedAt").GetDateTimeOffset() - agentStartedAt;
var startupRss = BenchFigures.RssMb(agent.Id);
Console.WriteLine($"{pairs} pairs (region bench) at {interval} s = {rate:0} runs/s planned; {Environment.ProcessorCount} CPUs; {windows} windows of {window.TotalSeconds:0} s after {interval * 2} s of warm-up");
await Task.Delay(TimeSpan.FromSeconds(interval * 2));

var spans = new List<(long From, long To, double Seconds, double Cpu, double Rss)>();
for (var w = 0; w < windows; w++)
{
    var cpuBefore = BenchFigures.CpuSeconds(agent.Id);
    var clock = Stopwatch.StartNew();
    var from = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
    await Task.Delay(window);
    spans.Add((from, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(), clock.Elapsed.TotalSeconds, BenchFigures.CpuSeconds(agent.Id) - cpuBefore, BenchFigures.RssMb(agent.Id)));
}

var agentPeak = BenchFigures.PeakRssMb(agent.Id);
// The last window's last runs are delivered in the agent's next round (a second later); then both stop.
await Task.Delay(TimeSpan.FromSeconds(3));
await BenchProcess.StopAsync(agent);
await BenchProcess.StopAsync(server);

var rows = new List<string>();
var failed = false;
await using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly"))
{
    await connection.OpenAsync();
    for (var i = 0; i < spans.Count; i++)
    {
        var (from, to, seconds, cpu, rss) = spans[i];
        var mix = await BenchFigures.OutcomeMixAsync(connection, "agent", from, to);
        var runs = mix.Values.Sum();
        Console.WriteLine($"window {i + 1} outcome mix ({runs} runs of the bench's probes, stored by the server): {BenchFigures.Describe(mix)}");
        failed |= !BenchFigures.AllUp(mix) || runs < 0.99 * rate * seconds;
        rows.Add($"| {i + 1} | {runs / seconds:0} | {100 * cpu / seconds:0} | {runs / cpu:0} | {rss:0} |");
    }
}

var (blackboxRows, blackboxFailed, blackboxIdle) = await BlackboxAtAsync(blackboxBinary, target, rate, window, windows);
Directory.Delete(data, recursive: true);
if (failed || blackboxFailed)
{
    Console.WriteLine(failed
        ? "NO FIGURES: fewer than 99.9 % of the agent's runs in a window were up with HTTP 200 from the target, or it ran fewer than 99 % of the runs planned"
        : "NO FIGURES: fewer than 99.9 % of blackbox_exporter's probes succeeded against the target");
    return 1;
}

Console.WriteLine();
Console.WriteLine("StatusBoard agent (native):");
Console.WriteLine("| window | runs/s | CPU % of one core | runs per CPU-second | RSS MB at end |");
Console.WriteLine("|---|---|---|---|---|");
rows.ForEach(Console.WriteLine);
Console.WriteLine($"peak RSS {agentPeak:0} MB (RSS {startupRss:0} MB when its first result was stored); first run started {firstRan.TotalMilliseconds:0} ms after the agent was started, first result stored at the server {firstStored.TotalMilliseconds:0} ms after it");
Console.WriteLine();
Console.WriteLine($"blackbox_exporter at the same rate (idle before: RSS {blackboxIdle:0} MB):");
Console.WriteLine("| window | probes/s | CPU % of one core | probes per CPU-second | RSS MB at end |");
Console.WriteLine("|---|---|---|---|---|");
blackboxRows.Rows.ForEach(Console.WriteLine);
Console.WriteLine($"peak RSS {blackboxRows.Peak:0} MB");
return 0;

// blackbox_exporter's /probe, driven at `rate` probes a second (fresh requests on a steady clock) for `windows` windows.
static async Task<((List<string> Rows, double Peak), bool Failed, double Idle)> BlackboxAtAsync(string binary, string target, double rate, TimeSpan window, int windows)
{
    using var blackbox = await Blackbox.StartAsync(binary, target);
    var idle = BenchFigures.RssMb(blackbox.Process.Id);

    var rows = new List<string>();
    var failed = false;
    long done = 0, succeeded = 0;
    using var stop = new CancellationTokenSource();
    var inFlight = new List<Task>();
    // A tick every 10 ms starts the probes due by then, so the rate holds whatever each probe takes.
    var driver = Task.Run(async () =>
    {
        var clock = Stopwatch.StartNew();
        long started = 0;
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (await tick.WaitForNextTickAsync(stop.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default))
        {
            for (; started < clock.Elapsed.TotalSeconds * rate; started++)
            {
                lock (inFlight)
                {
                    inFlight.Add(Task.Run(async () =>
                    {
                        var success = await blackbox.ProbeOnceAsync();
                        Interlocked.Increment(ref done);
                        if (success)
                        {
                            Interlocked.Increment(ref succeeded);
                        }
                    }));
                }
            }
        }
    });

    await Task.Delay(TimeSpan.FromSeconds(5));
    for (var w = 0; w < windows; w++)
    {
        var (doneBefore, succeededBefore) = (Interlocked.Read(ref done), Interlocked.Read(ref succeeded));
        var cpuBefore = BenchFigures.CpuSeconds(blackbox.Process.Id);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = BenchFigures.CpuSeconds(blackbox.Process.Id) - cpuBefore;
        var (probes, ok) = (Interlocked.Read(ref done) - doneBefore, Interlocked.Read(ref succeeded) - succeededBefore);
        Console.WriteLine($"blackbox window {w + 1}: {probes} probes, {ok} with probe_success 1 ({ok * 100.0 / Math.Max(1, probes):0.###} %)");
        failed |= probes == 0 || ok < 0.999 * probes || probes < 0.99 * rate * seconds;
        rows.Add($"| {w + 1} | {probes / seconds:0} | {100 * cpu / seconds:0} | {probes / cpu:0} | {BenchFigures.RssMb(blackbox.Process.Id):0} |");
    }

    await stop.CancelAsync();
    await driver;
    Task[] pending;
    lock (inFlight)
    {
        pending = [.. inFlight];
    }

    await Task.WhenAll(pending);
    var peak = BenchFigures.PeakRssMb(blackbox.Process.Id);
    await blackbox.StopAsync();
    return ((rows, peak), failed, idle);
}

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
