// Soak: StatusBoard at a steady load for a long time, with the dashboard open and the public page polled; the server's
// RSS and managed heap every minute and their slopes. Run with bench/soak/run.sh.
//
//   SoakBench <StatusBoard.Web.dll> <config directory> <pairs> <interval s> <minutes> [--StatusBoard:Probes:LocalRegions:N=…]…
//
// Figures are printed only when the work was the work claimed: runs started at ≥ 95 % of the planned rate in every
// minute, ≥ 99.9 % of the runs stored over the soak `up` (HTTP 200 from the target), every public page answer 200,
// the dashboard still updating at the end, no result dropped.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

const string AdminKey = "soak-admin-key-0123456789";
const string Email = "soak@example.com";
const string Password = "soak admin password";
var appDll = Path.GetFullPath(args[0]);
var configDirectory = args[1];
var pairs = int.Parse(args[2], CultureInfo.InvariantCulture);
var interval = int.Parse(args[3], CultureInfo.InvariantCulture);
var minutes = int.Parse(args[4], CultureInfo.InvariantCulture);
var regionSettings = args[5..];
var planned = pairs / (double)interval;
var data = Directory.CreateTempSubdirectory("statusboard-soak-").FullName;
var database = Path.Combine(data, "soak.db");
var port = BenchProcess.FreePort();
var baseUrl = $"http://127.0.0.1:{port}";

using var server = BenchProcess.Start("dotnet", [appDll, "--urls", baseUrl, $"--ConnectionStrings:StatusBoard=Data Source={database}", "--Logging:LogLevel:Default=Warning",
    $"--StatusBoard:Config:Directory={configDirectory}", "--StatusBoard:Probes:AllowedPrivateNetworks:0=127.0.0.0/8",
    // The budget (1,000 runs/s by default) counts the demo probes too: room for the soak's own on top of them.
    $"--StatusBoard:Probes:MaxRunsPerSecond={(int)Math.Ceiling(planned) + 100}", $"--StatusBoard:Probes:MaxProbes={pairs + 100}",
    $"--StatusBoard:Bootstrap:AdminApiKey={AdminKey}", $"--StatusBoard:Bootstrap:AdminEmail={Email}", $"--StatusBoard:Bootstrap:AdminPassword={Password}", .. regionSettings],
    Path.GetDirectoryName(appDll)!);
var failures = new List<string>();
try
{
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    http.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
    await BenchProcess.WaitAsync(async () => (await http.GetFromJsonAsync<JsonElement>("/api/v1/engine")).GetProperty("pairs").GetInt32() >= pairs, TimeSpan.FromMinutes(3), "every pair to be scheduled");
    Console.WriteLine($"{pairs} pairs at {interval} s = {planned:0} probe runs/s planned (plus the demo probes), {minutes} minutes, /ops open in Chromium, / polled every second; {Environment.ProcessorCount} CPUs");

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
    });
    var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
    await page.GotoAsync($"{baseUrl}/ops");
    await page.FillAsync("input[name=Email]", Email);
    await page.FillAsync("input[name=Password]", Password);
    await page.ClickAsync("button[type=submit]");
    await page.WaitForURLAsync($"{baseUrl}/ops");
    await page.Locator("td.cell[data-status]").First.WaitForAsync();

    // The public page, polled as a wallet user's browser would, every second, for the whole soak.
    using var stop = new CancellationTokenSource();
    var polls = 0;
    var pollFailures = 0;
    var poller = Task.Run(async () =>
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await tick.WaitForNextTickAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            polls++;
            try
            {
                using var response = await anonymous.GetAsync("/");
                if ((int)response.StatusCode != 200)
                {
                    pollFailures++;
                }
            }
            catch (HttpRequestException)
            {
                pollFailures++;
            }
        }
    });

    var soakStarted = TimeProvider.System.GetUtcNow();
    Console.WriteLine();
    Console.WriteLine("| minute | runs/s | RSS MB | managed heap MB | live heap MB | results waiting | public page polls (not 200) |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    var samples = new List<(int Minute, double Rss, double Heap)>();
    var live = new List<(int Minute, double Heap)>();
    var before = await EngineAsync(http);
    for (var minute = 1; minute <= minutes; minute++)
    {
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromMinutes(1));
        var after = await EngineAsync(http);
        var rate = (after.GetProperty("started").GetInt64() - before.GetProperty("started").GetInt64()) / clock.Elapsed.TotalSeconds;
        var rss = RssMegabytes(server.Id);
        var heap = after.GetProperty("managedHeapBytes").GetInt64() / 1048576.0;
        samples.Add((minute, rss, heap));
        // Every fifth minute, what survives a full collection (the figure above also counts garbage not yet collected).
        var surviving = minute % 5 == 0 ? await LiveHeap.MegabytesAsync(server.Id, data) : null;
        if (surviving is { } survivingHeap)
        {
            live.Add((minute, survivingHeap));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {minute} | {rate:0} | {rss:0} | {heap:0} | {(surviving is { } shown ? shown.ToString("0", CultureInfo.InvariantCulture) : "")} | {after.GetProperty("queued").GetInt32()} | {polls} ({pollFailures}) |"));
        if (rate < planned * 0.95)
        {
            failures.Add($"minute {minute}: {rate:0} runs/s, fewer than 95 % of {planned:0}");
        }

        before = after;
    }

    var updated = await page.Locator(".dashboard").GetAttributeAsync("data-updated");
    await Assertions.Expect(page.Locator(".dashboard")).Not.ToHaveAttributeAsync("data-updated", updated!, new() { Timeout = 30_000 });
    await stop.CancelAsync();
    await poller;
    var end = await EngineAsync(http);
    if (pollFailures > 0)
    {
        failures.Add($"{pollFailures} of {polls} public page answers were not 200");
    }

    if (end.GetProperty("dropped").GetInt64() > 0)
    {
        failures.Add($"{end.GetProperty("dropped").GetInt64()} results dropped");
    }

    await BenchProcess.StopAsync(server);
    var (up, total, mix) = Outcomes(database, soakStarted);
    Console.WriteLine();
    Console.WriteLine($"Stored over the soak: {total:N0} results: {mix}");
    if (total == 0 || up < total * 0.999)
    {
        failures.Add($"{up:N0} of {total:N0} results up: fewer than 99.9 %");
    }

    if (failures.Count > 0)
    {
        Console.WriteLine("NOT MEASURED: the work was not the work claimed:");
        failures.ForEach(f => Console.WriteLine($"  - {f}"));
        return 1;
    }

    var half = samples.Count / 2;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Slope (least squares, MB per hour): RSS {Slope(samples.Select(s => (s.Minute, s.Rss))):+0.0;-0.0} over the whole soak, {Slope(samples.Skip(half).Select(s => (s.Minute, s.Rss))):+0.0;-0.0} over its second half; " +
        $"managed heap {Slope(samples.Select(s => (s.Minute, s.Heap))):+0.0;-0.0} whole, {Slope(samples.Skip(half).Select(s => (s.Minute, s.Heap))):+0.0;-0.0} second half. " +
        $"Peak RSS {samples.Max(s => s.Rss):0} MB, median managed heap {Median(samples.Select(s => s.Heap)):0} MB."));
    if (live.Count >= 4)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Live heap (after a full collection): {Slope(live):+0.0;-0.0} MB per hour over the soak, {Slope(live.Skip(live.Count / 2)):+0.0;-0.0} over its second half; {string.Join(", ", live.Select(l => l.Heap.ToString("0", CultureInfo.InvariantCulture)))} MB at minutes {string.Join(", ", live.Select(l => l.Minute))}."));
    }
    return 0;
}
finally
{
    if (!server.HasExited)
    {
        server.Kill(entireProcessTree: true);
    }

    SqliteConnection.ClearAllPools();
    Directory.Delete(data, recursive: true);
}

static double Slope(IEnumerable<(int Minute, double Value)> points)
{
    var list = points.ToList();
    var meanX = list.Average(p => p.Minute);
    var meanY = list.Average(p => p.Value);
    var slopePerMinute = list.Sum(p => (p.Minute - meanX) * (p.Value - meanY)) / list.Sum(p => (p.Minute - meanX) * (p.Minute - meanX));
    return slopePerMinute * 60;
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static (long Up, long Total, string Mix) Outcomes(string database, DateTimeOffset since)
{
    using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT outcome, COUNT(*) FROM results WHERE started_at >= $since AND probe LIKE 'engine-%' GROUP BY outcome ORDER BY 2 DESC";
    command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
    using var reader = command.ExecuteReader();
    var rows = new List<(string Outcome, long Count)>();
    while (reader.Read())
    {
        rows.Add((reader.GetString(0), reader.GetInt64(1)));
    }

    var total = rows.Sum(r => r.Count);
    return (rows.Where(r => r.Outcome == "up").Sum(r => r.Count), total, string.Join(", ", rows.Select(r => $"{r.Outcome} {r.Count:N0}")));
}

static double RssMegabytes(int pid) =>
    File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0).Single();

static async Task<JsonElement> EngineAsync(HttpClient http) => await http.GetFromJsonAsync<JsonElement>("/api/v1/engine");


