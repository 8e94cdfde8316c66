using System.Globalization;
using System.Text.Json;

/// <summary>What the benches read from a process and its stored results, and the probes they load.</summary>
internal static class BenchFigures
{
    /// <summary>utime + stime of the process, from /proc/&lt;pid&gt;/stat, in seconds (USER_HZ is 100 on Linux).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>The most resident memory the process has held, in MB (VmHWM).</summary>
    public static double PeakRssMb(int pid) => StatusMb(pid, "VmHWM:");

    /// <summary>The resident memory the process holds now, in MB (VmRSS).</summary>
    public static double RssMb(int pid) => StatusMb(pid, "VmRSS:");

    private static double StatusMb(int pid, string field) =>
        File.ReadLines($"/proc/{pid}/status").Where(line => line.StartsWith(field, StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0).Single();

    /// <summary>
    /// The probes, as configuration documents in a watched directory (1,000 probes a file, well under the 2 MB limit of
    /// one file): plain HTTP GETs of <paramref name="target"/> that must answer 200, keys <c>{prefix}-00000</c>….
    /// </summary>
    public static async Task WriteProbesAsync(string directory, string prefix, int probes, string[] regions, int interval, string target)
    {
        string[] conditions = ["[STATUS] == 200"];
        foreach (var chunk in Enumerable.Range(0, probes).Chunk(1000))
        {
            var document = new
            {
                probes = chunk.Select(i => new
                {
                    key = $"{prefix}-{i:00000}",
                    name = $"Bench {prefix} {i:00000}",
                    component = "payments",
                    kind = "http",
                    regions,
                    interval = $"{interval}s",
                    timeout = "2s",
                    retries = 0,
                    request = new { method = "GET", url = target },
                    conditions,
                }),
            };
            await File.WriteAllTextAsync(Path.Combine(directory, $"{prefix}-{chunk[0]:00000}.json"), JsonSerializer.Serialize(document));
        }
    }

    /// <summary>
    /// What the runs of the probes keyed <c>{prefix}-…</c> that started in [from, to) (Unix ms) came to:
    /// "outcome / HTTP status" (or the transport's word when no answer came) → runs.
    /// </summary>
    public static async Task<Dictionary<string, long>> OutcomeMixAsync(System.Data.Common.DbConnection connection, string prefix, long from, long to)
    {
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT outcome, http_status, transport, COUNT(*) FROM results WHERE probe LIKE @prefix AND started_at >= @from AND started_at < @to GROUP BY outcome, http_status, transport";
        foreach (var (name, value) in new (string, object)[] { ("prefix", prefix + "-%"), ("from", from), ("to", to) })
        {
            var parameter = query.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            query.Parameters.Add(parameter);
        }

        var mix = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var key = reader.IsDBNull(1) ? $"{reader.GetString(0)} / {reader.GetString(2)}" : $"{reader.GetString(0)} / HTTP {reader.GetInt64(1)}";
            mix[key] = mix.GetValueOrDefault(key) + reader.GetInt64(3);
        }

        return mix;
    }

    /// <summary>"up / HTTP 200 100 %, down / refused 0.1 %": a mix as the benches print it.</summary>
    public static string Describe(Dictionary<string, long> mix)
    {
        var total = mix.Values.Sum();
        return string.Join(", ", mix.OrderByDescending(m => m.Value).Select(m => $"{m.Key} {100.0 * m.Value / Math.Max(1, total):0.###} %"));
    }

    /// <summary>Whether ≥ 99.9 % of the runs in the mix were up with HTTP 200: the work the benches claim to time.</summary>
    public static bool AllUp(Dictionary<string, long> mix)
    {
        var total = mix.Values.Sum();
        return total > 0 && mix.GetValueOrDefault("up / HTTP 200") >= 0.999 * total;
    }
}
