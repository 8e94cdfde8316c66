using System.Globalization;
using Microsoft.Data.Sqlite;

namespace StatusBoard.Tests.Web.Backups;

/// <summary>
/// <c>GET /api/v1/backup</c> and <c>backup --to</c>: a whole, checked copy of a SQLite installation taken while 200
/// pairs probe every second, which another instance serves as it is (its probe secrets still readable); on
/// PostgreSQL, how to use pg_dump instead.
/// </summary>
public sealed class BackupTests : IAsyncDisposable
{
    private const string Token = "Bearer backup-secret-4711";
    private readonly List<IAsyncDisposable> _apps = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>67 more probes in three regions, every second: with the three of the fast configuration, 210 pairs.</summary>
    private static Dictionary<string, string?> TwoHundredPairs()
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 10; i < 77; i++)
        {
            var at = $"StatusBoard:Probes:{i.ToString(CultureInfo.InvariantCulture)}:";
            settings[at + "key"] = $"balance-{i.ToString(CultureInfo.InvariantCulture)}";
            settings[at + "name"] = $"Balance {i.ToString(CultureInfo.InvariantCulture)}";
            settings[at + "component"] = "balance";
            settings[at + "kind"] = "http";
            settings[at + "regions:0"] = "cn-east";
            settings[at + "regions:1"] = "cn-south";
            settings[at + "regions:2"] = "sg";
            settings[at + "interval"] = "1s";
            settings[at + "timeout"] = "1s";
            settings[at + "request:url"] = "{sandbox}/{region}/v2/balance";
            settings[at + "conditions:0"] = "[STATUS] == 200";
        }

        return settings;
    }

    private T Keep<T>(T app) where T : IAsyncDisposable
    {
        _apps.Add(app);
        return app;
    }

    [Fact]
    [Trait("Storage", "sqlite-file")]
    public async Task ABackup_TakenWhileTwoHundredPairsProbe_IsAWholeCheckedCopy_ThatAnotherInstanceServes()
    {
        var live = Keep(new StatusBoardApp(TwoHundredPairs()));
        var admin = live.Client(admin: true);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "secret-probe", name = "Secret probe", component = "payments", kind = "http", regions = new[] { "sg" }, interval = "1s", timeout = "1s",
            request = new { url = "{sandbox}/{region}/v2/balance", headers = new Dictionary<string, string> { ["Authorization"] = Token } },
            conditions = new[] { "[STATUS] == 200" },
        }, Ct)).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            (await admin.PostAsJsonAsync("/api/v1/incidents", new { title = $"Backup incident {i}", message = "kept", impact = "minor", components = new[] { "payments" } }, Ct)).EnsureSuccessStatusCode();
        }

        await Wait.ForAsync(() => live.ScalarAsync<long>("SELECT COUNT(DISTINCT probe || region) FROM results"), pairs => pairs >= 200, "200 pairs to have results", TimeSpan.FromSeconds(30));
        var probes = await KeysAsync(live.DatabasePath, "SELECT key FROM probes");
        var incidents = await KeysAsync(live.DatabasePath, "SELECT id FROM incidents");

        using var response = await admin.GetAsync("/api/v1/backup", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.sqlite3", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^statusboard-\d{8}-\d{6}\.db$", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var restored = Directory.CreateTempSubdirectory("statusboard-restore-").FullName;
        var copyPath = Path.Combine(restored, "statusboard.db");
        await using (var file = File.Create(copyPath))
        {
            await response.Content.CopyToAsync(file, Ct);
        }

        // Nothing of the copy is left beside the live database.
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(live.DatabasePath)!, ".backup-*"));
        Assert.Equal("ok", await ScalarAsync<string>(copyPath, "PRAGMA integrity_check"));
        Assert.Equal("delete", await ScalarAsync<string>(copyPath, "PRAGMA journal_mode"));
        Assert.Superset(probes, await KeysAsync(copyPath, "SELECT key FROM probes"));
        Assert.Superset(incidents, await KeysAsync(copyPath, "SELECT id FROM incidents"));
        Assert.True(await ScalarAsync<long>(copyPath, "SELECT COUNT(*) FROM data_protection_keys") >= 1, "the copy carries the key ring");

        // The live database went on taking results while the copy was made and after.
        var copiedUpTo = await ScalarAsync<long>(copyPath, "SELECT MAX(started_at) FROM results");
        await Wait.ForAsync(() => live.ScalarAsync<long>($"SELECT COUNT(*) FROM results WHERE started_at > {copiedUpTo}"), n => n >= 200, "results after the copy in the live database");

        // Restore: another instance started on the copy, with no key folder of its own, serves it as it was.
        var second = Keep(StatusBoardApp.OnSqliteIn(restored));
        var page = await second.Client().GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Backup incident 2", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var browser = second.CookieClient();
        Assert.Equal(HttpStatusCode.Redirect, (await StatusBoardApp.SignInAsync(browser, StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword)).StatusCode);
        var ops = await browser.GetAsync("/ops", Ct);
        Assert.Equal(HttpStatusCode.OK, ops.StatusCode);
        var secret = await second.Client(admin: true).GetJsonAsync("/api/v1/probes/secret-probe");
        Assert.Equal(Token, secret.GetProperty("request").GetProperty("headers").Text("Authorization"));
    }

    [Fact]
    [Trait("Storage", "sqlite-file")]
    public async Task TheCommandLine_WritesTheSameCheckedCopy_AndRefusesWithoutADestination()
    {
        var live = Keep(new StatusBoardApp());
        var admin = live.Client(admin: true);
        (await admin.PostAsJsonAsync("/api/v1/incidents", new { title = "Command line incident", message = "kept", impact = "minor", components = new[] { "payments" } }, Ct)).EnsureSuccessStatusCode();
        var directory = Directory.CreateTempSubdirectory("statusboard-cli-").FullName;
        var destination = Path.Combine(directory, "nightly.db");

        var (code, output, error) = await Processes.WebCommandAsync(directory, "backup", "--to", destination, $"--ConnectionStrings:StatusBoard=Data Source={live.DatabasePath}");

        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.Contains("integrity ok", output, StringComparison.Ordinal);
        Assert.Equal("ok", await ScalarAsync<string>(destination, "PRAGMA integrity_check"));
        Assert.Contains("Command line incident", await ScalarAsync<string>(destination, "SELECT group_concat(document) FROM incidents"), StringComparison.Ordinal);
        Assert.Equal([destination], Directory.GetFiles(directory));

        var usage = await Processes.WebCommandAsync(directory, "backup");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("backup --to <file>", usage.Error, StringComparison.Ordinal);

        var missing = await Processes.WebCommandAsync(directory, "backup", "--to", Path.Combine(directory, "other.db"), $"--ConnectionStrings:StatusBoard=Data Source={Path.Combine(directory, "absent.db")}");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("There is no database", missing.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "absent.db")), "asking for a backup of a missing database made one");
        Assert.False(File.Exists(Path.Combine(directory, "other.db")));
    }

    [Fact]
    public async Task OnPostgres_TheBackupAnswersHowToUsePgDump_WithoutThePassword()
    {
        var app = Keep(await StatusBoardApp.OnPostgresAsync());

        using var response = await app.Client(admin: true).GetAsync("/api/v1/backup", Ct);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("pg_dump", problem.Text("detail"), StringComparison.Ordinal);
        Assert.Contains("schema", problem.Text("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("statusboard;", problem.Text("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("Password", problem.Text("detail"), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<HashSet<string>> KeysAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync(Ct);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var keys = new HashSet<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            keys.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return keys;
    }

    private static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync(Ct);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }
}
