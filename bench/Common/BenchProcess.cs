using System.Diagnostics;
using System.Globalization;

/// <summary>What every benchmark does with the programs it measures: start them, stop them gracefully, wait for them.</summary>
internal static class BenchProcess
{
    /// <summary>
    /// Starts <paramref name="file"/> with the bench's environment and <paramref name="environment"/> added; its standard
    /// error is passed through, its standard output dropped.
    /// </summary>
    public static Process Start(string file, IEnumerable<string> arguments, string directory, IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM, and at most a minute for it to finish what it holds.</summary>
    public static async Task StopAsync(Process process)
    {
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term!.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(deadline.Token);
    }

    /// <summary>A port nobody listens on now, from the kernel: no bench assumes a fixed one is free.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
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
                // Not answering yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"timed out waiting for {what}");
    }

    /// <summary>
    /// The process settings (<c>MALLOC_*</c>, <c>DOTNET_*</c>) a systemd unit of the project gives the program it starts,
    /// so that a bench measures the program as that unit runs it.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> UnitEnvironment(string unitFile)
    {
        var settings = new List<KeyValuePair<string, string>>();
        foreach (var line in File.ReadLines(unitFile))
        {
            if (line.StartsWith("Environment=", StringComparison.Ordinal) && line["Environment=".Length..].Split('=', 2) is [var name, var value]
                && (name.StartsWith("MALLOC_", StringComparison.Ordinal) || name.StartsWith("DOTNET_", StringComparison.Ordinal)))
            {
                settings.Add(new(name, value));
            }
        }

        return settings;
    }
}
