using System.Diagnostics;
using System.Globalization;

/// <summary>
/// The live managed heap of a process: dotnet-gcdump makes it collect fully and counts what is left (the heap size as of
/// the last collection also counts garbage that a gen0 collection left for later). Null when the tool could not count
/// it (seen with a heap of more than a gigabyte: the runtime's lossy event buffering drops the dump).
/// </summary>
internal static class LiveHeap
{
    public static string Tool { get; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");

    public static async Task<double?> MegabytesAsync(int pid, string directory)
    {
        var file = Path.Combine(directory, $"heap-{TimeProvider.System.GetTimestamp()}.gcdump");
        await RunAsync(Tool, "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file);
        var report = await RunAsync(Tool, "report", file);
        File.Delete(file);
        var heap = report.Split('\n').Where(l => l.Contains("GC Heap bytes", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Trim().Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToList();
        if (heap.Count == 0)
        {
            Console.Error.WriteLine($"dotnet-gcdump could not count the heap: {report.Trim()}");
            return null;
        }

        return heap[0] / 1024.0 / 1024;
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
