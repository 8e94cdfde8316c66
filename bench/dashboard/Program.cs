// The dashboard under load: StatusBoard runs N probes x 3 regions at a 5 s interval against its sandbox; the
// server's CPU is measured with nobody watching (baseline) and with /ops open in headless Chromium, in the same
// run. Also measured: renders of the board per second and the time from a click to its answer on the page.
//
//   dotnet run --project bench/dashboard -c Release -- cpu <StatusBoard.Web.dll> [probes=200] [windowSeconds=20] [windows=3]
//
// freshness: 20 flips of a sandbox fault (sg, balance) seen by a probe that runs every second: the time from the
// failing result being recorded to the /ops cell turning `down` in Chromium, and from the fault to the public page
// (served from its 5 s output cache, as users get it) showing the component failing.
//
//   dotnet run --project bench/dashboard -c Release -- freshness <StatusBoard.Web.dll> [flips=20]
//
// circuits: N concurrent signed-in /ops sessions (Chromium tabs) on a board of 1,000 probe pairs at 5 s: the server's
// memory per circuit (RSS and managed heap, before and after) and its CPU with the sessions open against none.
//
//   dotnet run --project bench/dashboard -c Release -- circuits <StatusBoard.Web.dll> [sessions=50] [windowSeconds=20]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

var mode = args[0];
var appDll = Path.GetFullPath(args[1]);
var probes = mode switch { "cpu" => Arg(2, 200), "circuits" => 334, _ => 0 };
var flips = mode == "freshness" ? Arg(2, 20) : 0;
var sessions = mode == "circuits" ? Arg(2, 50) : 0;
var window = TimeSpan.FromSeconds(mode switch { "cpu" => Arg(3, 20), "circuits" => Arg(3, 20), _ => 20 });
var windows = mode == "cpu" ? Arg(4, 3) : 3;
const string Email = "bench@example.com";
const string Password = "bench password 1";
const string AdminKey = "dashboard-bench-admin-key-01";
var baseUrl = $"http://127.0.0.1:{BenchProcess.FreePort()}";
var data = Directory.CreateTempSubdirectory("statusboard-bench-").FullName;

var settings = new List<string>
{
    "--urls", baseUrl,
    $"--ConnectionStrings:StatusBoard=Data Source={Path.Combine(data, "bench.db")}",
    "--Logging:LogLevel:Default=Warning",
    $"--StatusBoard:Bootstrap:AdminEmail={Email}",
    $"--StatusBoard:Bootstrap:AdminPassword={Password}",
    $"--StatusBoard:Bootstrap:AdminApiKey={AdminKey}",
};
if (mode == "freshness")
{
    // A probe that runs every second without retries, so that the moment its failing result is recorded is known, on
    // a component of its own, so that the public page's answer depends on it alone.
    settings.AddRange([
        "--StatusBoard:Components:5:key=freshness", "--StatusBoard:Components:5:names:en=Freshness", "--StatusBoard:Components:5:position=99",
        "--StatusBoard:Probes:99:key=fresh", "--StatusBoard:Probes:99:name=Fresh", "--StatusBoard:Probes:99:component=freshness",
        "--StatusBoard:Probes:99:kind=http", "--StatusBoard:Probes:99:regions:0=sg", "--StatusBoard:Probes:99:regions:1=cn-east",
        "--StatusBoard:Probes:99:interval=1s", "--StatusBoard:Probes:99:timeout=800ms", "--StatusBoard:Probes:99:retries=0",
        "--StatusBoard:Probes:99:request:method=GET", "--StatusBoard:Probes:99:request:url={sandbox}/{region}/v2/balance",
        "--StatusBoard:Probes:99:conditions:0=[STATUS] == 200",
    ]);
}

string[] components = ["payments", "balance", "transfers", "topup", "signin"];
for (var i = 0; i < probes; i++)
{
    var prefix = $"--StatusBoard:Probes:{100 + i}:";
    settings.AddRange([
        $"{prefix}key=bench-{i:000}", $"{prefix}name=Bench {i:000}", $"{prefix}component={components[i % components.Length]}",
        $"{prefix}kind=http", $"{prefix}regions:0=cn-east", $"{prefix}regions:1=cn-south", $"{prefix}regions:2=sg",
        $"{prefix}interval=5s", $"{prefix}timeout=2s", $"{prefix}request:method=GET", $"{prefix}request:url={{sandbox}}/{{region}}/v2/balance",
        $"{prefix}conditions:0=[STATUS] == 200",
    ]);
}

var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(appDll)!, RedirectStandardOutput = true, RedirectStandardError = true };
start.ArgumentList.Add(appDll);
settings.ForEach(start.ArgumentList.Add);
using var server = Process.Start(start)!;
server.OutputDataReceived += (_, _) => { };
server.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine(line); };
server.BeginOutputReadLine();
server.BeginErrorReadLine();
try
{
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    await WaitAsync(async () => (await http.GetAsync("/healthz")).IsSuccessStatusCode, "the server to answer");
    await Task.Delay(TimeSpan.FromSeconds(15)); // every pair reports a few times
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
    });
    switch (mode)
    {
        case "cpu":
            await CpuAsync(browser, http);
            break;
        case "freshness":
            await FreshnessAsync(browser, http);
            break;
        case "circuits":
            await CircuitsAsync(browser, http);
            break;
    }
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
}

async Task CpuAsync(IBrowser browser, HttpClient http)
{
    var perSecond = probes * 3 / 5.0;
    Console.WriteLine($"{probes} probes x 3 regions at 5 s: {perSecond:0} probe runs/s; {Environment.ProcessorCount} CPUs; windows of {window.TotalSeconds:0} s");

    var idle = new List<double>();
    for (var i = 0; i < windows; i++)
    {
        idle.Add(await CpuPercentAsync(server, window));
    }

    var page = await SignedInPageAsync(browser);
    var cells = await page.Locator("td.cell[data-status]").CountAsync();
    var first = await page.Locator(".dashboard").GetAttributeAsync("data-updated");
    await Assertions.Expect(page.Locator(".dashboard")).Not.ToHaveAttributeAsync("data-updated", first!, new() { Timeout = 20_000 });

    var watched = new List<double>();
    var renders = new List<double>();
    for (var i = 0; i < windows; i++)
    {
        var counting = CountRendersAsync(page, window);
        watched.Add(await CpuPercentAsync(server, window));
        renders.Add(await counting / window.TotalSeconds);
    }

    var clicks = new List<double>();
    for (var i = 0; i < 10; i++)
    {
        var clock = Stopwatch.StartNew();
        if (i % 2 == 0)
        {
            await page.SelectOptionAsync(".demo select[data-field=fault]", "latency");
            await page.ClickAsync("[data-action=apply-fault]");
            await page.Locator(".demo ul[data-faults='1']").WaitForAsync();
        }
        else
        {
            await page.ClickAsync("[data-action=clear-fault]");
            await page.Locator(".demo [data-faults='0']").WaitForAsync();
        }

        clicks.Add(clock.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"cells on the board: {cells}");
    Console.WriteLine($"server CPU, nobody watching (baseline): median {Median(idle):0.0}% of one core  [{string.Join(", ", idle.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))}]");
    Console.WriteLine($"server CPU, /ops open:                  median {Median(watched):0.0}% of one core  [{string.Join(", ", watched.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))}]");
    Console.WriteLine($"dashboard cost: {Median(watched) - Median(idle):0.0} points of one core; ratio {Median(watched) / Median(idle):0.00}");
    Console.WriteLine($"board renders/s: median {Median(renders):0.00}");
    Console.WriteLine($"click to answer on the page: median {Median(clicks):0} ms, max {clicks.Max():0} ms over {clicks.Count} clicks");
}

async Task<IPage> SignedInPageAsync(IBrowser browser, IBrowserContext? context = null)
{
    var page = context is null
        ? await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } })
        : await context.NewPageAsync();
    await page.GotoAsync($"{baseUrl}/ops");
    if (page.Url.Contains("/signin", StringComparison.Ordinal))
    {
        await page.FillAsync("input[name=Email]", Email);
        await page.FillAsync("input[name=Password]", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{baseUrl}/ops");
    }

    await page.Locator("td.cell[data-status]").First.WaitForAsync();
    return page;
}

async Task FreshnessAsync(IBrowser browser, HttpClient http)
{
    http.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
    var page = await SignedInPageAsync(browser);
    var cell = "td.cell[data-probe=fresh][data-region=sg]";
    await page.Locator(cell).WaitForAsync();
    var toCell = new List<double>();
    var firstToCell = new List<double>();
    var faultToCell = new List<double>();
    var toPublic = new List<double>();
    var recordedToPublic = new List<double>();
    var failing = new Regex("data-component=\"freshness\" data-status=\"(?!operational)", RegexOptions.CultureInvariant);
    for (var flip = 0; flip < flips; flip++)
    {
        await Expect(page.Locator($"{cell}[data-status=up]"), "the cell to be up before the flip");
        await WaitAsync(async () => !failing.IsMatch(await http.GetStringAsync("/")), "the public page to be operational before the flip");
        // The browser notes the moment the cell turns down, on its own clock (the same machine's clock as the server's).
        await page.EvaluateAsync("""
            sel => { window.__downAt = 0; const td = document.querySelector(sel);
              new MutationObserver((_, o) => { const c = document.querySelector(sel);
                if (c && c.dataset.status === 'down' && !window.__downAt) { window.__downAt = Date.now(); o.disconnect(); } })
              .observe(document.querySelector('.dashboard') ?? document.body, { subtree: true, attributes: true, childList: true }); }
            """, cell);
        var faultAt = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        (await http.PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "balance", fault = "outage" })).EnsureSuccessStatusCode();
        var publicTask = Task.Run(async () =>
        {
            while (!failing.IsMatch(await http.GetStringAsync("/")))
            {
                await Task.Delay(50);
            }

            return TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        });
        await page.WaitForFunctionAsync("() => window.__downAt > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 20 });
        var downAt = await page.EvaluateAsync<double>("() => window.__downAt");
        var publicAt = await publicTask.WaitAsync(TimeSpan.FromSeconds(60));
        var results = await http.GetFromJsonAsync<JsonElement>("/api/v1/results?probe=fresh&region=sg&limit=50");
        var list = results.ValueKind == JsonValueKind.Array ? results : results.GetProperty("results");
        // A pair turns down on its second failing result in a row (StatusBoard:Health:ConfirmationCount, 2 by default):
        // that result's recording is what the cell answers to; the first one is shown too.
        var failures = list.EnumerateArray()
            .Select(r => (At: DateTimeOffset.Parse(r.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() + r.GetProperty("durationMs").GetDouble(), Outcome: r.GetProperty("outcome").GetString()))
            .Where(r => r.Outcome == "down" && r.At >= faultAt).Select(r => r.At).Order().ToList();
        var (firstAt, confirmedAt) = (failures[0], failures[1]);
        toCell.Add(downAt - confirmedAt);
        firstToCell.Add(downAt - firstAt);
        faultToCell.Add(downAt - faultAt);
        toPublic.Add(publicAt - faultAt);
        recordedToPublic.Add(publicAt - confirmedAt);
        Console.WriteLine($"flip {flip + 1}: first failure recorded {firstAt - faultAt:0} ms after the fault, the confirming one {confirmedAt - faultAt:0} ms; cell down {downAt - confirmedAt:0} ms after that; public page {publicAt - faultAt:0} ms after the fault");
        (await http.PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "balance", fault = "none" })).EnsureSuccessStatusCode();
    }

    Console.WriteLine();
    Console.WriteLine($"| figure ({flips} flips) | p50 ms | p95 ms | max ms |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var (name, values) in new[] { ("(a) confirming failed result recorded → /ops cell `down` in Chromium", toCell), ("first failed result recorded → /ops cell `down`", firstToCell), ("fault switched on → /ops cell `down`", faultToCell), ("(b) fault switched on → public page shows it", toPublic), ("confirming failed result recorded → public page shows it", recordedToPublic) })
    {
        Console.WriteLine($"| {name} | {Percentile(values, 0.5):0} | {Percentile(values, 0.95):0} | {values.Max():0} |");
    }
}

async Task CircuitsAsync(IBrowser browser, HttpClient http)
{
    var before = await HeapAsync();
    var idle = new List<double>();
    for (var i = 0; i < 2; i++)
    {
        idle.Add(await CpuPercentAsync(server, window));
    }

    // One sign-in, shared by every tab through its cookies; each tab is its own Blazor circuit.
    var first = await SignedInPageAsync(browser);
    var state = await first.Context.StorageStateAsync();
    var pages = new List<IPage> { first };
    for (var i = 1; i < sessions; i++)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { StorageState = state, ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        pages.Add(await SignedInPageAsync(browser, context));
    }

    var cells = await first.Locator("td.cell[data-status]").CountAsync();
    await Task.Delay(TimeSpan.FromSeconds(10));
    var open = new List<double>();
    for (var i = 0; i < 2; i++)
    {
        open.Add(await CpuPercentAsync(server, window));
    }

    var after = await HeapAsync();
    var live = 0;
    foreach (var page in pages)
    {
        live += await page.Locator("td.cell[data-status]").CountAsync() == cells ? 1 : 0;
    }

    Console.WriteLine($"{sessions} /ops sessions, {cells} cells each, {live} of them showing the whole board at the end; windows of {window.TotalSeconds:0} s");
    Console.WriteLine("| figure | no sessions | sessions open | per session |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine($"| server RSS (MB) | {before.Rss:0} | {after.Rss:0} | {(after.Rss - before.Rss) / sessions:0.00} |");
    Console.WriteLine($"| live managed heap, after a full GC (MB) | {before.Heap:0} | {after.Heap:0} | {(after.Heap - before.Heap) / sessions:0.00} |");
    Console.WriteLine($"| server CPU (% of one core, median of 2 windows) | {Median(idle):0.0} | {Median(open):0.0} | {(Median(open) - Median(idle)) / sessions:0.00} |");
}

// RSS from /proc, and the live managed heap after a full collection (LiveHeap).
async Task<(double Rss, double Heap)> HeapAsync()
{
    var status = await File.ReadAllLinesAsync($"/proc/{server.Id}/status");
    var rss = status.Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0).Single();
    return (rss, await LiveHeap.MegabytesAsync(server.Id, data) ?? double.NaN);
}


static async Task Expect(ILocator locator, string what)
{
    try
    {
        await locator.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
    }
    catch (TimeoutException exception)
    {
        throw new TimeoutException($"timed out waiting for {what}", exception);
    }
}

static double Percentile(List<double> values, double q)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

static async Task<double> CpuPercentAsync(Process process, TimeSpan span)
{
    process.Refresh();
    var before = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await Task.Delay(span);
    process.Refresh();
    return (process.TotalProcessorTime - before).TotalMilliseconds / clock.Elapsed.TotalMilliseconds * 100;
}

static async Task<int> CountRendersAsync(IPage page, TimeSpan span)
{
    var seen = 0;
    var last = await page.Locator(".dashboard").GetAttributeAsync("data-updated");
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < span)
    {
        await Task.Delay(100);
        var now = await page.Locator(".dashboard").GetAttributeAsync("data-updated");
        if (now != last)
        {
            seen++;
            last = now;
        }
    }

    return seen;
}

static async Task WaitAsync(Func<Task<bool>> condition, string what)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(60))
    {
        try
        {
            if (await condition())
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(500);
    }

    throw new TimeoutException($"timed out waiting for {what}");
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
