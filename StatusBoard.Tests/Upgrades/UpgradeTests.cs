using System.Globalization;
using Microsoft.Data.Sqlite;
using StatusBoard.Tests.Storage;

namespace StatusBoard.Tests.Upgrades;

/// <summary>
/// A database made by the previous release (0.6.0, made by <c>make-release-database.sh</c> with that release's code)
/// opens with this one and keeps everything; migrations run once, forward only; a migration that fails leaves the
/// database as it was and stops the start naming it; a database from a newer release is refused before anything is
/// changed.
/// </summary>
[Trait("Storage", "sqlite-file")]
public sealed class UpgradeTests : IAsyncDisposable
{
    private const string ReleaseKey = "release-admin-key-0123456789";
    private readonly List<StatusBoardApp> _apps = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Tables =
        ["probes", "results", "rollups", "incidents", "maintenance", "notification_channels", "users", "api_keys", "agent_keys", "user_reports", "schema_migrations"];

    [Fact]
    public async Task TheLastReleasesDatabase_OpensWithThisOne_AndKeepsProbesIncidentsUsersKeysAndRollups()
    {
        var directory = CopyOfRelease("0.6.0");
        var database = Path.Combine(directory, "statusboard.db");
        var before = await CountsAsync(database);
        Assert.True(before["results"] > 0 && before["rollups"] > 0 && before["incidents"] >= 2 && before["agent_keys"] == 1, string.Join(", ", before));

        // Its own first admin and API key, not the test's bootstrap ones; retention long enough that the release's rows
        // (made on 1 December 2026) are kept by the upgrade whatever day the test runs, so a loss is the upgrade's.
        var app = Start(StatusBoardApp.OnSqliteIn(directory, new Dictionary<string, string?>
        {
            ["StatusBoard:Bootstrap:AdminApiKey"] = "",
            ["StatusBoard:Storage:RawRetention"] = "36500.00:00:00",
            ["StatusBoard:Storage:MinuteRetention"] = "36500.00:00:00",
            ["StatusBoard:Storage:HourRetention"] = "36500.00:00:00",
        }));
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ReleaseKey);

        var probe = await client.GetJsonAsync("/api/v1/probes/release-secret");
        Assert.Equal("Bearer release-secret-4711", probe.GetProperty("request").GetProperty("headers").Text("Authorization"));
        var incidents = await client.GetJsonAsync("/api/v1/incidents");
        var titles = incidents.EnumerateArray().Select(i => i.Text("title")).ToList();
        Assert.Contains("Top-ups slow at one bank", titles);
        Assert.Contains(incidents.EnumerateArray(), i => i.GetProperty("automatic").GetBoolean());
        var browser = app.CookieClient();
        var signIn = await StatusBoardApp.SignInAsync(browser, "release-admin@example.com", "release admin password");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/ops", Ct)).StatusCode);
        var uptime = await client.GetJsonAsync("/api/v1/reports/monthly");
        Assert.NotEqual(System.Text.Json.JsonValueKind.Undefined, uptime.ValueKind);

        var after = await CountsAsync(database);
        foreach (var table in Tables.Where(t => t is not ("results" or "rollups" or "schema_migrations" or "api_keys")))
        {
            Assert.True(after[table] == before[table], $"{table}: {before[table]} before the upgrade, {after[table]} after");
        }

        Assert.True(after["results"] >= before["results"] && after["rollups"] >= before["rollups"], "results or rollups were lost");
        Assert.Equal(before["api_keys"], after["api_keys"]);
        var migrations = await ScalarAsync<long>(database, "SELECT MAX(version) FROM schema_migrations");
        Assert.Equal(Migrations().Max(), migrations);

        // The web features' tables were the engine's in that release: their modules adopt them (recorded, not run)
        // where the release had made them, and make what it had not (the subscribers, the agents' newer columns); the
        // upgraded database then has the schema a fresh one has, table by table.
        Assert.Equal(
            "accounts 0001_users.sql, accounts 0002_sessions.sql, agents 0001_agent_keys.sql, agents 0002_agent_heartbeats.sql, agents 0003_agent_condition.sql, " +
            "api-keys 0001_api_keys.sql, key-ring 0001_data_protection_keys.sql, subscribers 0001_subscribers.sql",
            await ScalarAsync<string>(database, "SELECT group_concat(module || ' ' || name, ', ') FROM (SELECT module, name FROM module_migrations ORDER BY module, version)"));
        await using (var fresh = await TestDatabase.CreateAsync(Probes.Storage.StorageProvider.Sqlite))
        await using (var freshConnection = await fresh.Database.OpenAsync(Ct))
        await using (var upgradedConnection = await OpenAsync(database))
        {
            var (expected, actual) = (await SchemaComparisonTests.DescribeSqliteAsync(freshConnection), await SchemaComparisonTests.DescribeSqliteAsync(upgradedConnection));
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
            Assert.All(expected.Keys, table => Assert.Equal(expected[table], actual[table]));
        }

        // Migrations run once: a restart applies none again.
        var applied = await ScalarAsync<string>(database, "SELECT group_concat(version || '@' || applied_at) FROM schema_migrations");
        await app.DisposeAsync();
        _apps.Remove(app);
        var again = Start(StatusBoardApp.OnSqliteIn(directory, new Dictionary<string, string?> { ["StatusBoard:Bootstrap:AdminApiKey"] = "" }));
        Assert.Equal(HttpStatusCode.OK, (await again.Client().GetAsync("/healthz", Ct)).StatusCode);
        Assert.Equal(applied, await ScalarAsync<string>(database, "SELECT group_concat(version || '@' || applied_at) FROM schema_migrations"));
    }

    [Fact]
    public async Task AMigrationThatFails_LeavesTheDatabaseAsItWas_AndStopsTheStartNamingIt()
    {
        var directory = CopyOfRelease("0.6.0");
        var database = Path.Combine(directory, "statusboard.db");
        // A hand-made change the next migration does not expect: it adds this column too.
        await ExecuteAsync(database, "ALTER TABLE results ADD COLUMN rule TEXT");
        var before = await SnapshotAsync(database);

        var (code, _, error) = await Processes.WebCommandAsync(directory, "--urls", "http://127.0.0.1:0", $"--ConnectionStrings:StatusBoard=Data Source={database}");

        Assert.Equal(1, code);
        Assert.Contains("Migration 0013_result_rule.sql failed and was rolled back", error, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(database));
    }

    [Fact]
    public async Task ADatabaseFromANewerRelease_IsRefused_BeforeAnythingChanges()
    {
        var directory = CopyOfRelease("0.6.0");
        var database = Path.Combine(directory, "statusboard.db");
        await ExecuteAsync(database, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_from_the_future.sql', '2027-01-01T00:00:00Z')");
        var before = await SnapshotAsync(database);

        var (code, _, error) = await Processes.WebCommandAsync(directory, "--urls", "http://127.0.0.1:0", $"--ConnectionStrings:StatusBoard=Data Source={database}");

        Assert.Equal(1, code);
        Assert.Contains("migrated by a newer StatusBoard (9999_from_the_future.sql)", error, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(database));
    }

    private StatusBoardApp Start(StatusBoardApp app)
    {
        _apps.Add(app);
        app.StartServer();
        return app;
    }

    /// <summary>The committed release database and its key ring, copied where a test may change them.</summary>
    private static string CopyOfRelease(string release)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Upgrades", release);
        var directory = Directory.CreateTempSubdirectory($"statusboard-{release}-").FullName;
        File.Copy(Path.Combine(source, "statusboard.db"), Path.Combine(directory, "statusboard.db"));
        Directory.CreateDirectory(Path.Combine(directory, "keys"));
        foreach (var key in Directory.GetFiles(Path.Combine(source, "keys")))
        {
            File.Copy(key, Path.Combine(directory, "keys", Path.GetFileName(key)));
        }

        return directory;
    }

    private static IEnumerable<long> Migrations() =>
        typeof(StatusBoard.Probes.Storage.Database).Assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Storage.Migrations.Sqlite.", StringComparison.Ordinal))
            .Select(n => long.Parse(n.Split(".Storage.Migrations.Sqlite.")[1][..4], CultureInfo.InvariantCulture));

    private static async Task<Dictionary<string, long>> CountsAsync(string database)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables)
        {
            counts[table] = await ScalarAsync<long>(database, $"SELECT COUNT(*) FROM {table}");
        }

        return counts;
    }

    /// <summary>The schema and every table's rows, as text: equal snapshots mean an unchanged database.</summary>
    private static async Task<string> SnapshotAsync(string database)
    {
        await using var connection = await OpenAsync(database);
        var lines = new List<string>();
        var tables = new List<string>();
        await using (var schema = connection.CreateCommand())
        {
            schema.CommandText = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name";
            await using var reader = await schema.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                lines.Add($"{reader.GetString(0)} {reader.GetString(1)}: {(reader.IsDBNull(2) ? "" : reader.GetString(2))}");
                if (reader.GetString(0) == "table" && !reader.GetString(1).StartsWith("sqlite_", StringComparison.Ordinal))
                {
                    tables.Add(reader.GetString(1));
                }
            }
        }

        foreach (var table in tables)
        {
            await using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await rows.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                lines.Add($"{table}: " + string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }

        return string.Join("\n", lines);
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<SqliteConnection> OpenAsync(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync(Ct);
        return connection;
    }
}
