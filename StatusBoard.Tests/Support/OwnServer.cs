using System.Diagnostics;
using System.Globalization;

namespace StatusBoard.Tests.Support;

/// <summary>
/// A PostgreSQL cluster or a Redis server of a test's own, on a free loopback port, that the test may stop and start
/// again without disturbing the shared servers the other tests use. Made from the same Debian packages as
/// <c>.ci/services</c> installs (PostgreSQL through <c>pg_createcluster</c> / <c>pg_ctlcluster</c>, Debian's wrappers of
/// <c>initdb</c> and <c>pg_ctl</c>); needs root, like <c>.ci/services</c>. Removed when disposed.
/// </summary>
internal sealed class OwnServer : IAsyncDisposable
{
    private readonly string[] _start;
    private readonly string[] _stop;
    private readonly string[] _remove;

    private OwnServer(string connectionString, string[] start, string[] stop, string[] remove)
    {
        ConnectionString = connectionString;
        _start = start;
        _stop = stop;
        _remove = remove;
    }

    public string ConnectionString { get; }

    /// <summary>A new PostgreSQL cluster with a <c>statusboard</c> database, trusting loopback connections.</summary>
    public static async Task<OwnServer> PostgresAsync()
    {
        await TestServers.EnsureRedisAsync();
        var version = Directory.GetDirectories("/usr/lib/postgresql").Select(Path.GetFileName).OrderBy(v => int.Parse(v!, CultureInfo.InvariantCulture)).Last()!;
        var name = $"sb{Guid.NewGuid():N}"[..12];
        var port = Processes.FreePort().ToString(CultureInfo.InvariantCulture);
        await RunAsync("pg_createcluster", version, name, "-p", port, "--start", "--", "--auth-local=trust", "--auth-host=trust");
        await RunAsync("psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-q", "-c", "CREATE DATABASE statusboard");
        return new OwnServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=statusboard;Timeout=3",
            ["pg_ctlcluster", version, name, "start"], ["pg_ctlcluster", version, name, "stop", "-m", "fast"], ["pg_dropcluster", version, name, "--stop"]);
    }

    /// <summary>A new Redis server that keeps nothing on disk.</summary>
    public static async Task<OwnServer> RedisAsync()
    {
        await TestServers.EnsureRedisAsync();
        var port = Processes.FreePort().ToString(CultureInfo.InvariantCulture);
        string[] start = ["redis-server", "--bind", "127.0.0.1", "--port", port, "--save", "", "--appendonly", "no", "--daemonize", "yes"];
        var server = new OwnServer($"127.0.0.1:{port}", start, ["redis-cli", "-h", "127.0.0.1", "-p", port, "shutdown", "nosave"], ["redis-cli", "-h", "127.0.0.1", "-p", port, "shutdown", "nosave"]);
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        await RunAsync(_start);
        if (_start[0] == "redis-server")
        {
            await Wait.ForAsync(() => TryRunAsync("redis-cli", "-h", "127.0.0.1", "-p", _start[4], "ping"), ok => ok, "Redis to answer");
        }
    }

    public Task StopAsync() => RunAsync(_stop);

    public async ValueTask DisposeAsync() => await TryRunAsync(_remove);

    private static async Task RunAsync(params string[] command)
    {
        var (code, output) = await ExecuteAsync(command);
        if (code != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited {code}: {output}");
        }
    }

    private static async Task<bool> TryRunAsync(params string[] command) => (await ExecuteAsync(command)).Code == 0;

    private static async Task<(int Code, string Output)> ExecuteAsync(string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
