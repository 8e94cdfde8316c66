using System.Diagnostics;
using System.Net.Sockets;

namespace StatusBoard.Tests.Support;

/// <summary>StatusBoard's own programs from this test's build output, run as separate processes.</summary>
internal static class Processes
{
    /// <summary>The web server, with its content root (and appsettings.json) in <paramref name="directory"/>.</summary>
    public static Process Server(string directory, int port, string database, string adminKey, params string[] more) =>
        ServerOn(directory, port, $"Data Source={database}", adminKey, more);

    /// <summary>The web server on any database: <paramref name="connectionString"/> is SQLite's or, with more settings, PostgreSQL's.</summary>
    public static Process ServerOn(string directory, int port, string connectionString, string adminKey, params string[] more) =>
        Dotnet(directory, [Path.Combine(AppContext.BaseDirectory, "StatusBoard.Web.dll"), "--contentRoot", directory, "--urls", $"http://127.0.0.1:{port}",
            $"--ConnectionStrings:StatusBoard={connectionString}", $"--StatusBoard:Bootstrap:AdminApiKey={adminKey}", "--Logging:LogLevel:Default=Warning", .. more]);

    /// <summary>A remote agent for <paramref name="region"/>, its buffer in <paramref name="directory"/>.</summary>
    public static Process Agent(string directory, string server, string region, string key) =>
        Dotnet(directory, [Path.Combine(AppContext.BaseDirectory, "StatusBoard.Probes.dll"), "--server", server, "--region", region, "--key", key,
            "--buffer", Path.Combine(directory, $"{region}-buffer.db"), "--Logging:LogLevel:Default=Warning"]);

    /// <summary>Runs the web app's command line to its end (at most a minute): its exit code and what it printed.</summary>
    public static Task<(int ExitCode, string Output, string Error)> WebCommandAsync(string directory, params string[] arguments) =>
        CommandAsync("StatusBoard.Web.dll", directory, arguments);

    /// <summary>Runs the agent's command line to its end (at most a minute): its exit code and what it printed.</summary>
    public static Task<(int ExitCode, string Output, string Error)> AgentCommandAsync(string directory, params string[] arguments) =>
        CommandAsync("StatusBoard.Probes.dll", directory, arguments);

    private static Task<(int ExitCode, string Output, string Error)> CommandAsync(string program, string directory, string[] arguments) =>
        RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, program), .. arguments], TimeSpan.FromMinutes(1), directory);

    /// <summary>Runs a program to its end (at most <paramref name="limit"/>): its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, string[] arguments, TimeSpan limit, string? directory = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory ?? AppContext.BaseDirectory };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    public static async Task WaitUntilUpAsync(HttpClient client, Process server)
    {
        var deadline = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        do
        {
            Assert.False(server.HasExited, $"the server exited with {(server.HasExited ? server.ExitCode : 0)}; its last lines:\n{Tail(server)}");
            try
            {
                if ((await client.GetAsync("/healthz", TestContext.Current.CancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the server did not start within 60 s");
        }
        while (await tick.WaitForNextTickAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The last lines a server started here wrote (standard output and error together).</summary>
    public static string Tail(Process process)
    {
        if (!Tails.TryGetValue(process, out var tail))
        {
            return "";
        }

        lock (tail)
        {
            return string.Join('\n', tail);
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, Queue<string>> Tails = new();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The agent as people run it: the native executable <c>dotnet publish StatusBoard.Probes</c> makes, started with
    /// the README's arguments.
    /// </summary>
    public static Process NativeAgent(string binary, string directory, string server, string region, string key) =>
        Start(binary, directory, ["--server", server, "--region", region, "--key", key, "--buffer", Path.Combine(directory, $"{region}-native-buffer.db"), "--Logging:LogLevel:Default=Warning"]);

    private static Process Dotnet(string directory, string[] arguments) => Start("dotnet", directory, arguments);

    private static Process Start(string program, string directory, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        // The last lines it wrote, so that a server that exits says why in the failure.
        var tail = Tails.GetOrCreateValue(process);
        DataReceivedEventHandler keep = (_, line) =>
        {
            if (line.Data is { } text)
            {
                lock (tail)
                {
                    tail.Enqueue(text);
                    while (tail.Count > 40)
                    {
                        tail.Dequeue();
                    }
                }
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
