// Probe engine capacity, and StatusBoard against Prometheus blackbox_exporter, measured in the same run.
//
//   dotnet run --project bench/engine -c Release -- capacity <StatusBoard.Web.dll> <target url> [pairs=10000] [interval=10] [window=30] [windows=3]
//   dotnet run --project bench/engine -c Release -- blackbox <blackbox_exporter binary> <target url> [concurrency=8,16,32] [window=20]
//
// capacity: StatusBoard (Release) runs `pairs` plain HTTP probe x region pairs (pairs / 5 probes in 5 regions) at
// `interval` seconds against the target, reads its own engine figures from /api/v1/engine, and the process's CPU and
// peak RSS from /proc; after a graceful stop it counts the results stored in the database. The server is started with
// the process settings of docs/statusboard.service (run from the repository's root, as run.sh does).
// blackbox: blackbox_exporter's /probe driven by `concurrency` requests at a time for `window` seconds each; its CPU
// from /proc. Both print probes per second per CPU-second, the figure the two are compared on.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

var mode = args[0];
return mode switch
{
    "capacity" => await CapacityAsync(args[1..]),
    "blackbox" => await BlackboxAsync(args[1..]),
    "config" => await ConfigAsync(args[1..]),
    "mix" => await MixAsync(args[1..]),
    _ => throw new ArgumentException($"unknown mode '{mode}': capacity or blackbox"),
};

static async Task<int> CapacityAsync(string[] args)
{
    var appDll = Path.GetFullPath(args[0]);
    var target = args[1];
    var pairs = Arg(args, 2, 10_000);
    var interval = Arg(args, 3, 10);
    var window = TimeSpan.FromSeconds(Arg(args, 4, 30));
    var windows = Arg(args, 5, 3);
    var regions = Regions;
    var probes = pairs / regions.Length;
    var baseUrl = $"http://127.0.0.1:{BenchProcess.FreePort()}";
    var data = Directory.CreateTempSubdirectory("statusboard-engine-").FullName;
    var configDirectory = Directory.CreateDirectory(Path.Combine(data, "config")).FullName;
    var database = Path.Combine(data, "bench.db");

    await BenchFigures.WriteProbesAsync(configDirectory, "engine", probes, regions, interval, target);

    // BENCH_POSTGRES=<Npgsql connection string> stores in PostgreSQL (an empty database) instead of a SQLite file.
    var postgres = Environment.GetEnvironmentVariable("BENCH_POSTGRES");
    var settings = new List<string>
    {
        "--urls", baseUrl,
        postgres is null ? $"--ConnectionStrings:StatusBoard=Data Source={database}" : $"--ConnectionStrings:StatusBoard={postgres}",
        $"--StatusBoard:Storage:Provider={(postgres is null ? "sqlite" : "postgres")}",
        "--Logging:LogLevel:Default=Warning",
        $"--StatusBoard:Config:Directory={configDirectory}",
        // The capacity guard refuses a configuration that asks for more runs a second than this (1,000 by default).
        $"--StatusBoard:Probes:MaxRunsPerSecond={pairs / interval * 2 + 100}", $"--StatusBoard:Probes:MaxProbes={probes + 100}",
    };
    // The target is on loopback, which probes reach only when the destination allow-list names it. BENCH_NO_ALLOWLIST=1
    // leaves it out: every run is then refused before it sends a byte, and the bench must refuse to print figures.
    if (Environment.GetEnvironmentVariable("BENCH_NO_ALLOWLIST") != "1")
    {
        settings.Add("--StatusBoard:Probes:AllowedPrivateNetworks:0=127.0.0.1/32");
    }

    for (var i = 0; i < regions.Length; i++)
    {
        settings.Add($"--StatusBoard:Probes:LocalRegions:{i}={regions[i]}");
    }

    // The server runs as docs/statusboard.service runs it: with that unit's process settings (the malloc arena limit).
    var environment = BenchProcess.UnitEnvironment("docs/statusboard.service");
    Console.WriteLine($"server environment as in docs/statusboard.service: {(environment.Count == 0 ? "none" : string.Join(' ', environment.Select(pair => $"{pair.Key}={pair.Value}")))}");
    using var server = BenchProcess.Start("dotnet", [appDll, .. settings], Path.GetDirectoryName(appDll)!, environment);
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    // Every pair scheduled, or no figures: a server that refused the probes (its configuration directory's errors go to its
    // log) schedules only its demo pairs, and the count stops growing.
    var (scheduled, grewAt) = (0, Stopwatch.StartNew());
    while (scheduled < pairs)
    {
        await Task.Delay(500);
        int now;
        try
        {
            now = (await http.GetFromJsonAsync<JsonElement>("/api/v1/engine")).GetProperty("pairs").GetInt32();
        }
        catch (HttpRequestException)
        {
            now = 0; // not answering yet
        }

        if (now > scheduled)
        {
            (scheduled, grewAt) = (now, Stopwatch.StartNew());
        }
        else if (grewAt.Elapsed > TimeSpan.FromSeconds(60))
        {
            Console.WriteLine($"NO FIGURES: the server scheduled {scheduled} pairs of the {pairs} it was given (were the probes refused? the destination allow-list decides whether loopback may be probed)");
            await BenchProcess.StopAsync(server);
            Directory.Delete(data, recursive: true);
            return 1;
        }
    }

    Console.WriteLine($"{pairs} pairs ({probes} probes x {regions.Length} regions) at {interval} s = {pairs / (double)interval:0} probe runs/s planned, plus the demo probes; {Environment.ProcessorCount} CPUs; {windows} windows of {window.TotalSeconds:0} s after {interval * 2} s of warm-up");
    await Task.Delay(TimeSpan.FromSeconds(interval * 2));

    var rows = new List<string[]>();
    var spans = new List<(long From, long To)>();
    for (var w = 0; w < windows; w++)
    {
        var before = await EngineAsync(http);
        var cpuBefore = BenchFigures.CpuSeconds(server.Id);
        var clock = Stopwatch.StartNew();
        var from = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await Task.Delay(window);
        var after = await EngineAsync(http);
        var cpu = BenchFigures.CpuSeconds(server.Id) - cpuBefore;
        var seconds = clock.Elapsed.TotalSeconds;
        spans.Add((from, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()));
        var started = after.Started - before.Started;
        var lag = after.Lag.Buckets.Zip(before.Lag.Buckets, (a, b) => (a.Le, Count: a.Count - b.Count)).ToList();
        rows.Add([
            (started / seconds).ToString("0", CultureInfo.InvariantCulture),
            Quantile(lag, 0.50), Quantile(lag, 0.99), Quantile(lag, 1.0),
            (100 * cpu / seconds).ToString("0", CultureInfo.InvariantCulture),
            (started / cpu).ToString("0", CultureInfo.InvariantCulture),
            ((after.Written - before.Written) / seconds).ToString("0", CultureInfo.InvariantCulture),
            after.Queued.ToString(CultureInfo.InvariantCulture),
            (after.SkippedOverlaps - before.SkippedOverlaps).ToString(CultureInfo.InvariantCulture),
        ]);
        Console.WriteLine($"window {w + 1} measured; its figures are printed once its results show the work was done");
    }

    var last = await EngineAsync(http);
    var peakRss = BenchFigures.PeakRssMb(server.Id);
    await BenchProcess.StopAsync(server);
    long stored;
    var mixes = new List<Dictionary<string, long>>();
    await using (System.Data.Common.DbConnection connection = postgres is null ? new SqliteConnection($"Data Source={database};Mode=ReadOnly") : new Npgsql.NpgsqlConnection(postgres))
    {
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM results";
        stored = Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        foreach (var (from, to) in spans)
        {
            mixes.Add(await BenchFigures.OutcomeMixAsync(connection, "engine", from, to));
        }
    }

    // The figures say something only if the runs they time did the work: a real HTTP exchange answered 200, found up.
    var refused = false;
    for (var i = 0; i < mixes.Count; i++)
    {
        Console.WriteLine($"window {i + 1} outcome mix ({mixes[i].Values.Sum()} runs of the bench's probes): {BenchFigures.Describe(mixes[i])}");
        refused |= !BenchFigures.AllUp(mixes[i]);
    }

    if (refused || stored < last.Written || stored < last.Started - last.InFlight)
    {
        Console.WriteLine(refused
            ? "NO FIGURES: fewer than 99.9 % of the runs in a window were up with HTTP 200 from the target, so what was timed is not the work the bench claims"
            : $"NO FIGURES: {stored} rows stored after the stop, fewer than the {last.Written} written / {last.Started - last.InFlight} runs finished");
        Directory.Delete(data, recursive: true);
        return 1;
    }

    Console.WriteLine();
    Console.WriteLine("| window | runs/s | lag p50 | lag p99 | lag max | CPU % of one core | runs per CPU-second | written/s | queued at end | skipped overlaps |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
    for (var i = 0; i < rows.Count; i++)
    {
        Console.WriteLine($"| {i + 1} | {string.Join(" | ", rows[i])} |");
    }

    Console.WriteLine();
    Console.WriteLine($"median runs/s {Median(rows, 0)}; median runs per CPU-second {Median(rows, 5)}; peak RSS {peakRss:0} MB; largest lag since start {last.Lag.MaxSeconds * 1000:0} ms");
    Console.WriteLine($"runs started {last.Started} (at the last reading), results written {last.Written} (at the last reading), rows in the database after a graceful stop {stored}: every result stored");

    // A restart on the same database and configuration, so restarts cannot get slow unseen: how long until /healthz
    // answers, and until every pair has a stored result again.
    var restartedAt = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
    var restart = Stopwatch.StartNew();
    using (var again = BenchProcess.Start("dotnet", [appDll, .. settings], Path.GetDirectoryName(appDll)!, environment))
    {
        await BenchProcess.WaitAsync(async () => (await http.GetAsync("/healthz")).IsSuccessStatusCode, TimeSpan.FromMinutes(2), "/healthz after the restart");
        var healthz = restart.Elapsed;
        long ranAgain = 0;
        await using (System.Data.Common.DbConnection connection = postgres is null ? new SqliteConnection($"Data Source={database};Mode=ReadOnly") : new Npgsql.NpgsqlConnection(postgres))
        {
            await connection.OpenAsync();
            while (restart.Elapsed < TimeSpan.FromMinutes(2) && ranAgain < probes * regions.Length)
            {
                await Task.Delay(500);
                ranAgain = await PairsSinceAsync(connection, restartedAt);
            }
        }

        var everyPair = restart.Elapsed;
        await BenchProcess.StopAsync(again);
        Console.WriteLine(ranAgain >= probes * regions.Length
            ? $"restart: /healthz answered {healthz.TotalSeconds:0.0} s after the start; every one of the {probes * regions.Length} pairs had a stored result again {everyPair.TotalSeconds:0.0} s after it"
            : $"restart: /healthz answered {healthz.TotalSeconds:0.0} s after the start; only {ranAgain} of {probes * regions.Length} pairs had a stored result again 2 minutes after it");
    }

    Directory.Delete(data, recursive: true);
    return 0;
}

// How many of the bench's probe x region pairs have a result that started at or after `from` (Unix ms).
static async Task<long> PairsSinceAsync(System.Data.Common.DbConnection connection, long from)
{
    await using var query = connection.CreateCommand();
    query.CommandText = "SELECT COUNT(*) FROM (SELECT DISTINCT probe, region FROM results WHERE probe LIKE 'engine-%' AND started_at >= @from) AS ran";
    var parameter = query.CreateParameter();
    parameter.ParameterName = "from";
    parameter.Value = from;
    query.Parameters.Add(parameter);
    return Convert.ToInt64(await query.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

static async Task<int> BlackboxAsync(string[] args)
{
    var binary = args[0];
    var target = args[1];
    var levels = (args.Length > 2 ? args[2] : "8,16,32").Split(',').Select(int.Parse).ToList();
    var window = TimeSpan.FromSeconds(Arg(args, 3, 20));
    using var blackbox = await Blackbox.StartAsync(binary, target);

    var table = new List<string>();
    var shortfall = false;
    foreach (var concurrency in levels)
    {
        long done = 0, succeeded = 0;
        var cpuBefore = BenchFigures.CpuSeconds(blackbox.Process.Id);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(window);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var success = await blackbox.ProbeOnceAsync();
                Interlocked.Increment(ref done);
                if (success)
                {
                    Interlocked.Increment(ref succeeded);
                }
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = BenchFigures.CpuSeconds(blackbox.Process.Id) - cpuBefore;
        Console.WriteLine($"concurrency {concurrency}: {done} probes, {succeeded} with probe_success 1 ({succeeded * 100.0 / Math.Max(1, done):0.###} %)");
        shortfall |= done == 0 || succeeded < 0.999 * done;
        table.Add($"| {concurrency} | {done / seconds:0} | {succeeded * 100.0 / done:0.0} % | {100 * cpu / seconds:0} | {done / cpu:0} |");
    }

    await blackbox.StopAsync();
    if (shortfall)
    {
        Console.WriteLine("NO FIGURES: fewer than 99.9 % of blackbox_exporter's probes succeeded against the target");
        return 1;
    }

    Console.WriteLine("| concurrency | probes/s | successful | CPU % of one core | probes per CPU-second |");
    Console.WriteLine("|---|---|---|---|---|");
    table.ForEach(Console.WriteLine);
    return 0;
}

// For a benchmark that ran the bench's probes behind something else: the outcome mix of their runs that started in
// [from, to) (Unix ms) in a stopped server's SQLite database; exit 1 when fewer than 99.9 % were up with HTTP 200.
static async Task<int> MixAsync(string[] args)
{
    await using var connection = new SqliteConnection($"Data Source={Path.GetFullPath(args[0])};Mode=ReadOnly");
    await connection.OpenAsync();
    var mix = await BenchFigures.OutcomeMixAsync(connection, "engine", long.Parse(args[1], CultureInfo.InvariantCulture), long.Parse(args[2], CultureInfo.InvariantCulture));
    Console.WriteLine($"outcome mix of the background probes ({mix.Values.Sum()} runs): {BenchFigures.Describe(mix)}");
    return BenchFigures.AllUp(mix) ? 0 : 1;
}

// Writes the probes of `pairs` pairs as configuration files, for a server started by another benchmark.
static async Task<int> ConfigAsync(string[] args)
{
    var directory = Directory.CreateDirectory(args[0]).FullName;
    var target = args[1];
    var pairs = Arg(args, 2, 10_000);
    var interval = Arg(args, 3, 10);
    await BenchFigures.WriteProbesAsync(directory, "engine", pairs / Regions.Length, Regions, interval, target);
    Console.WriteLine(string.Join(' ', Regions.Select((region, i) => $"--StatusBoard:Probes:LocalRegions:{i}={region}")));
    return 0;
}

static int Arg(string[] args, int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

static async Task<Engine> EngineAsync(HttpClient http) =>
    (await http.GetFromJsonAsync<Engine>("/api/v1/engine", new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;

// The upper bound of the bucket that holds the q-th quantile of a window's runs: "at most this late".
static string Quantile(List<(double? Le, long Count)> buckets, double q)
{
    var total = buckets.Sum(b => b.Count);
    if (total == 0)
    {
        return "-";
    }

    long cumulative = 0;
    foreach (var (le, count) in buckets)
    {
        cumulative += count;
        if (count > 0 && cumulative >= Math.Ceiling(q * total))
        {
            return le is { } bound ? $"≤ {bound * 1000:0.#} ms" : "> 10 s";
        }
    }

    return "-";
}

static string Median(List<string[]> rows, int column)
{
    var values = rows.Select(row => double.Parse(row[column], CultureInfo.InvariantCulture)).Order().ToList();
    return values[values.Count / 2].ToString("0", CultureInfo.InvariantCulture);
}

internal static partial class Program
{
    private static readonly string[] Regions = ["sg", "cn-east", "cn-south", "eu-west", "us-east"];
}

internal sealed record Engine(int Pairs, long Started, int InFlight, long SkippedOverlaps, LagFigures Lag, long Written, int Queued);

internal sealed record LagFigures(long Count, double SumSeconds, double MaxSeconds, List<LagBucket> Buckets);

internal sealed record LagBucket(double? Le, long Count);
