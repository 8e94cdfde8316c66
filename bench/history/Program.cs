// History at scale: a year of rollups and incidents for 200 components x 5 regions, generated with StatusBoard's own
// storage code, then the server time of the pages and APIs that read it.
//
//   dotnet run --project bench/history -c Release -- <StatusBoard.Web.dll> [components=200] [samples=7]
//
// Server time is curl's time to first byte on loopback (the page is written only once it is rendered). Cached
// answers (badges keep 5 s in the output cache; the public page is served from a snapshot rendered in the background)
// are asked with a fresh query string each time, so that every sample is rendered; for the page that is a user's
// `reported` hint, which is rendered per request. What users get from the cache is given beside it.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Storage;

var appDll = Path.GetFullPath(args[0]);
var componentCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var samples = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7;
string[] regions = ["sg", "cn-east", "cn-south", "eu-west", "us-east"];
string[] categories = ["server", "network", "delay", "security", "version"];
const string AdminKey = "history-bench-admin-key-0001";
var baseUrl = $"http://127.0.0.1:{BenchProcess.FreePort()}";
// HISTORY_DATA=<folder> keeps the generated year there and uses it again on the next run (generation takes minutes).
var kept = Environment.GetEnvironmentVariable("HISTORY_DATA") is { Length: > 0 } folder ? Path.GetFullPath(folder) : null;
var data = kept ?? Directory.CreateTempSubdirectory("statusboard-history-").FullName;
var configDirectory = Directory.CreateDirectory(Path.Combine(data, "config")).FullName;
var databasePath = Path.Combine(data, "history.db");
var today = new DateTimeOffset(TimeProvider.System.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
var yearAgo = today.AddDays(-365);

string[] conditions = ["[STATUS] == 200"];

// Components and one probe each in five regions, against the built-in sandbox once a minute.
var components = Enumerable.Range(0, componentCount).Select(i => $"svc-{i:000}").ToList();
await File.WriteAllTextAsync(Path.Combine(configDirectory, "history.json"), JsonSerializer.Serialize(new
{
    components = components.Select((key, i) => new { key, names = new Dictionary<string, string> { ["en"] = $"Service {i:000}", ["zh-CN"] = $"服务 {i:000}" }, position = 100 + i }),
    probes = components.Select(key => new
    {
        key = $"{key}-probe",
        name = $"{key} probe",
        component = key,
        kind = "http",
        regions,
        interval = "60s",
        timeout = "2s",
        request = new { method = "GET", url = "{sandbox}/{region}/v2/balance" },
        conditions,
    }),
}));

var generated = Path.Combine(data, "generated");
if (!File.Exists(generated) || File.ReadAllText(generated) != componentCount.ToString(CultureInfo.InvariantCulture))
{
    if (File.Exists(databasePath))
    {
        File.Delete(databasePath);
    }

    await GenerateAsync();
    await File.WriteAllTextAsync(generated, componentCount.ToString(CultureInfo.InvariantCulture));
}

async Task GenerateAsync()
{
    var clock = Stopwatch.StartNew();
    var database = new SqliteDatabase(Options.Create(new StorageOptions { ConnectionString = $"Data Source={databasePath}" }), NullLogger<SqliteDatabase>.Instance);
    await database.MigrateAsync(CancellationToken.None);
    var random = new Random(7);
    long rollupRows = 0;
    await using (var connection = await database.OpenAsync(CancellationToken.None))
    {
        // What the writer keeps: day rollups for the year, hour rollups for 90 days, minute rollups for 2 days.
        foreach (var (grain, step, span) in new[] { ("day", TimeSpan.FromDays(1), TimeSpan.FromDays(365)), ("hour", TimeSpan.FromHours(1), TimeSpan.FromDays(90)), ("minute", TimeSpan.FromMinutes(1), TimeSpan.FromDays(2)) })
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO rollups (grain, probe, region, bucket, component, total, up, degraded, down, latency_sum, latency_max, p50_ms, p95_ms, p99_ms, histogram, categories)
                VALUES ($grain, $probe, $region, $bucket, $component, $total, $up, $degraded, $down, $sum, $max, $p50, $p95, $p99, $histogram, $categories)
                """;
            foreach (var name in new[] { "$grain", "$probe", "$region", "$bucket", "$component", "$total", "$up", "$degraded", "$down", "$sum", "$max", "$p50", "$p95", "$p99", "$histogram", "$categories" })
            {
                insert.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            insert.Prepare();
            var runs = (long)(step / TimeSpan.FromMinutes(1));
            for (var bucket = today - span; bucket < today; bucket += step)
            {
                foreach (var component in components)
                {
                    foreach (var region in regions)
                    {
                        var down = random.Next(100) < 3 ? random.Next(1, (int)Math.Max(2, runs / 10)) : 0;
                        var histogram = LatencyHistogram.Deserialize(null, 0);
                        for (var i = 0; i < 20; i++)
                        {
                            histogram.Add(40 + random.NextDouble() * 200);
                        }

                        object[] values = [grain, $"{component}-probe", region, bucket.ToUnixTimeMilliseconds(), component, runs, runs - down, 0, down, runs * 120.0,
                            histogram.Max, histogram.Percentile(0.5), histogram.Percentile(0.95), histogram.Percentile(0.99), histogram.Serialize(),
                            down == 0 ? "{}" : JsonSerializer.Serialize(new Dictionary<string, long> { [categories[random.Next(categories.Length)]] = down })];
                        for (var i = 0; i < values.Length; i++)
                        {
                            insert.Parameters[i].Value = values[i];
                        }

                        await insert.ExecuteNonQueryAsync();
                        rollupRows++;
                    }
                }
            }

            await transaction.CommitAsync();
        }
    }

    // Incidents: about two per component a month, automatic and manual, regional and platform-wide, a few false alarms.
    using var incidents = new IncidentStore(database);
    var incidentCount = 0;
    for (var start = yearAgo; start < today; start = start.AddMinutes(random.Next(60, 180)))
    {
        var component = components[random.Next(components.Count)];
        var end = start.AddMinutes(random.Next(5, 240));
        var id = $"hist-{incidentCount++:00000}";
        var status = random.Next(3) == 0 ? HealthStatus.MajorOutage : HealthStatus.PartialOutage;
        var affected = new AffectedComponent(component, component, status);
        await incidents.SaveAsync(new Incident
        {
            Id = id,
            Title = $"{component} failing",
            Status = IncidentStatus.Resolved,
            Impact = status == HealthStatus.MajorOutage ? Impact.Critical : Impact.Major,
            Scope = random.Next(4) == 0 ? Scope.PlatformWide : Scope.Regional,
            Regions = [regions[random.Next(regions.Length)]],
            Components = [affected],
            Categories = new Dictionary<string, long> { [categories[random.Next(categories.Length)]] = random.Next(3, 40) },
            StartedAt = start,
            DetectedAt = start.AddMinutes(2),
            AcknowledgedAt = start.AddMinutes(random.Next(3, 30)),
            ResolvedAt = end,
            UpdatedAt = end,
            Automatic = random.Next(5) != 0,
            FalseAlarm = random.Next(40) == 0,
            Updates =
            [
                new IncidentUpdate(id + "-1", IncidentStatus.Investigating, "Investigating.", start) { Components = [affected] },
                new IncidentUpdate(id + "-2", IncidentStatus.Resolved, "Resolved.", end) { Components = [affected with { Status = HealthStatus.Operational }] },
            ],
        }, CancellationToken.None);
    }

    SqliteConnection.ClearAllPools();
    var bytes = new FileInfo(databasePath).Length + (File.Exists(databasePath + "-wal") ? new FileInfo(databasePath + "-wal").Length : 0);
    var pairs = components.Count * regions.Length;
    Console.WriteLine($"Generated in {clock.Elapsed.TotalSeconds:0} s: {components.Count} components x {regions.Length} regions = {pairs} probe-region pairs; {rollupRows:N0} rollup rows (a year of days, 90 days of hours, 2 days of minutes), {incidentCount:N0} incidents over the year");
    Console.WriteLine($"Database {bytes / 1024.0 / 1024:0.0} MB: {bytes / 1024.0 / pairs:0} KB per probe-region-year (rollups kept as the writer keeps them; raw results, kept 7 days, come on top)");
}

string[] settings =
[
    "--urls", baseUrl, $"--ConnectionStrings:StatusBoard=Data Source={databasePath}", "--Logging:LogLevel:Default=Warning",
    $"--StatusBoard:Config:Directory={configDirectory}", $"--StatusBoard:Bootstrap:AdminApiKey={AdminKey}",
    .. regions.Select((region, i) => $"--StatusBoard:Probes:LocalRegions:{i}={region}"),
];
var startInfo = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(appDll)!, RedirectStandardOutput = true, RedirectStandardError = true };
startInfo.ArgumentList.Add(appDll);
foreach (var setting in settings)
{
    startInfo.ArgumentList.Add(setting);
}

using var server = Process.Start(startInfo)!;
server.OutputDataReceived += (_, _) => { };
server.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine(line); };
server.BeginOutputReadLine();
server.BeginErrorReadLine();
try
{
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    var deadline = Stopwatch.StartNew();
    while (!(await Try(() => http.GetStringAsync("/api/v1/components"))).Contains($"svc-{componentCount - 1:000}", StringComparison.Ordinal))
    {
        if (deadline.Elapsed > TimeSpan.FromMinutes(2))
        {
            throw new TimeoutException("the server did not load the components");
        }

        await Task.Delay(500);
    }

    var from = today.AddMonths(-11).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    var to = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    (string Name, string Path, bool Cached, bool Key)[] targets =
    [
        ("public page with 90-day bars of 200 components", "/?reported=bench", true, false),
        ("90-day uptime badge of one component", "/badges/svc-042/uptime.svg", true, false),
        ("summary.json", "/api/v2/summary.json", true, false),
        ("/reports for a year (server render)", $"/reports?from={from}&to={to}", false, true),
        ("monthly report API for a year", $"/api/v1/reports/monthly?from={from}&to={to}", false, true),
        ("monthly CSV for a year", $"/api/v1/reports/monthly.csv?from={from}&to={to}", false, true),
        ("incidents CSV for a year", $"/api/v1/reports/incidents.csv?from={from}&to={to}", false, true),
    ];

    // Warm up every path once (JIT, SQLite page cache), as a running server would be.
    foreach (var target in targets)
    {
        await TimeAsync(target.Path + (target.Path.Contains('?') ? "&" : "?") + "warm=1", target.Key);
    }

    Console.WriteLine();
    Console.WriteLine($"| what | path | bytes | server time median (ms, {samples} renders) | max (ms) | served from the output cache (ms, median) |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var target in targets)
    {
        var times = new List<double>();
        long size = 0;
        for (var i = 0; i < samples; i++)
        {
            var fresh = target.Path.Contains("reported=", StringComparison.Ordinal) ? target.Path + i : target.Path + (target.Path.Contains('?') ? "&" : "?") + $"n={i}";
            var (ms, length) = await TimeAsync(fresh, target.Key);
            times.Add(ms);
            size = length;
        }

        var cached = "-";
        if (target.Cached)
        {
            var hits = new List<double>();
            var plain = target.Path.Replace("?reported=bench", "", StringComparison.Ordinal);
            for (var i = 0; i < samples; i++)
            {
                hits.Add((await TimeAsync(plain, target.Key)).Ms);
            }

            cached = Median(hits).ToString("0.0", CultureInfo.InvariantCulture);
        }

        Console.WriteLine($"| {target.Name} | `{target.Path}` | {size} | {Median(times):0.0} | {times.Max():0.0} | {cached} |");
    }
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
    if (kept is null)
    {
        Directory.Delete(data, recursive: true);
    }
}

// Time to first byte and size, from curl on loopback.
async Task<(double Ms, long Bytes)> TimeAsync(string path, bool key)
{
    var curl = new ProcessStartInfo("curl") { RedirectStandardOutput = true };
    foreach (var argument in (string[])["-s", "-o", "/dev/null", "-w", "%{http_code} %{time_starttransfer} %{size_download}", .. key ? ["-H", $"Authorization: Bearer {AdminKey}"] : Array.Empty<string>(), baseUrl + path])
    {
        curl.ArgumentList.Add(argument);
    }

    using var process = Process.Start(curl)!;
    var output = (await process.StandardOutput.ReadToEndAsync()).Split(' ');
    await process.WaitForExitAsync();
    if (output[0] != "200")
    {
        throw new InvalidOperationException($"{path} answered {output[0]}");
    }

    return (double.Parse(output[1], CultureInfo.InvariantCulture) * 1000, long.Parse(output[2], CultureInfo.InvariantCulture));
}

static async Task<string> Try(Func<Task<string>> get)
{
    try
    {
        return await get();
    }
    catch (HttpRequestException)
    {
        return "";
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
