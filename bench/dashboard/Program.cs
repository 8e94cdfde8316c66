// The dashboard under load: StatusBoard runs N probes x 3 regions at a 5 s interval against its sandbox; the
// server's CPU is measured with nobody watching (baseline) and with /ops open in headless Chromium, in the same
// run. Also measured: renders of the board per second and the time from a click to its answer on the page.
//
//   dotnet run --project bench/dashboard -c Release -- <StatusBoard.Web.dll> [probes=200] [windowSeconds=20] [windows=3]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

var appDll = Path.GetFullPath(args[0]);
var probes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var window = TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20);
var windows = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
const int Port = 18090;
const string Email = "bench@example.com";
const string Password = "bench password 1";
var baseUrl = $"http://127.0.0.1:{Port}";
var data = Directory.CreateTempSubdirectory("statusboard-bench-").FullName;

var settings = new List<string>
{
    "--urls", baseUrl,
    $"--ConnectionStrings:StatusBoard=Data Source={Path.Combine(data, "bench.db")}",
    "--Logging:LogLevel:Default=Warning",
    $"--StatusBoard:Bootstrap:AdminEmail={Email}",
    $"--StatusBoard:Bootstrap:AdminPassword={Password}",
};
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
    var perSecond = probes * 3 / 5.0;
    Console.WriteLine($"{probes} probes x 3 regions at 5 s: {perSecond:0} probe runs/s; {Environment.ProcessorCount} CPUs; windows of {window.TotalSeconds:0} s");

    var idle = new List<double>();
    for (var i = 0; i < windows; i++)
    {
        idle.Add(await CpuPercentAsync(server, window));
    }

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
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
}

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
