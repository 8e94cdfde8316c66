using Npgsql;

namespace StatusBoard.Tests.Support;

/// <summary>
/// The PostgreSQL and Redis servers of the multi-node tests, on loopback. <c>.ci/services</c> installs and starts them
/// (from Debian's packages); when they do not answer, the first test that needs them runs it once, so <c>dotnet test</c>
/// alone sets up a fresh machine. <c>STATUSBOARD_TEST_POSTGRES</c> and <c>STATUSBOARD_TEST_REDIS</c> point elsewhere.
/// Each app gets a schema of its own in one database, so tests never see each other's rows.
/// </summary>
internal static class TestServers
{
    public static string Postgres { get; } = Environment.GetEnvironmentVariable("STATUSBOARD_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=statusboard;Database=statusboard_test;Timeout=5";

    public static string Redis { get; } = Environment.GetEnvironmentVariable("STATUSBOARD_TEST_REDIS") ?? "127.0.0.1:6379";

    /// <summary>True when every app of this test run stores in PostgreSQL (<c>STATUSBOARD_TEST_STORAGE=postgres</c>).</summary>
    public static bool AllOnPostgres { get; } = string.Equals(Environment.GetEnvironmentVariable("STATUSBOARD_TEST_STORAGE"), "postgres", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<Task> Ready = new(EnsureRunningAsync);

    /// <summary>A connection string to a new, empty schema.</summary>
    public static async Task<string> NewPostgresSchemaAsync()
    {
        await Ready.Value;
        var schema = $"t_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync();
        return $"{Postgres};Search Path={schema}";
    }

    public static async Task EnsureRedisAsync() => await Ready.Value;

    private static async Task EnsureRunningAsync()
    {
        if (await AnswerAsync())
        {
            return;
        }

        var script = FindUp(".ci/services") ?? throw new InvalidOperationException("PostgreSQL and Redis do not answer on loopback and .ci/services was not found to start them.");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", script) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !await AnswerAsync())
        {
            throw new InvalidOperationException($".ci/services could not start PostgreSQL and Redis (exit {process.ExitCode}): {await errors}");
        }
    }

    private static async Task<bool> AnswerAsync()
    {
        try
        {
            await using (var connection = new NpgsqlConnection(Postgres))
            {
                await connection.OpenAsync();
            }

            var (host, port) = RedisEndpoint();
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(host, port);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static (string Host, int Port) RedisEndpoint()
    {
        var first = Redis.Split(',')[0];
        var colon = first.LastIndexOf(':');
        return colon < 0 ? (first, 6379) : (first[..colon], int.Parse(first[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string? FindUp(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
