using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace StatusBoard.Tests.Web;

/// <summary>
/// The database refuses writes (another process holds its write lock) while probes run: the platform is not reported
/// down, probing goes on, an internal alert is raised, and when the lock goes every result is written by itself.
/// </summary>
[Trait("Storage", "sqlite-file")]
public sealed class StorageFaultTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Event, string Status)> _alerts = new();
    private LoopbackServer _receiver = null!;
    private StatusBoardApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpContext http) =>
        {
            var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            _alerts.Enqueue((http.Request.Headers["X-StatusBoard-Event"].ToString(), body.RootElement.GetProperty("status").GetString()!));
            return Results.NoContent();
        }));
        _app = new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Notifications:PollInterval"] = "00:00:00.200",
            ["StatusBoard:Notifications:Channels:0:Name"] = "on-call",
            ["StatusBoard:Notifications:Channels:0:Type"] = "webhook",
            ["StatusBoard:Notifications:Channels:0:Url"] = _receiver.Address + "/hook",
            ["StatusBoard:Notifications:Channels:0:Events:0"] = "monitoring.storage",
        });
        _app.Client();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task LockedDatabase_IsNoOutage_ProbingGoesOn_AnAlertIsRaised_AndEveryResultIsWrittenAfter()
    {
        var admin = _app.Client(admin: true);
        var anonymous = _app.Client();
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/engine"), e => e.GetProperty("written").GetInt64() >= 20, "results before the lock");
        var incidentsBefore = (await admin.GetJsonAsync("/api/v1/incidents")).GetArrayLength();
        Assert.Equal("ok", await anonymous.GetStringAsync("/healthz", Ct));

        // Someone on call, signed in before (signing in writes a session, which waits for the lock like any write).
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Chromium.NewPageAsync(new Microsoft.Playwright.BrowserNewPageOptions { ViewportSize = new() { Width = 1280, Height = 720 } });
        await Browser.SignInAsync(page, _app.ClientOptions.BaseAddress.ToString().TrimEnd('/'), "/ops");

        // Another process takes the write lock and keeps it.
        await using var locker = new SqliteConnection($"Data Source={_app.DatabasePath};Pooling=false");
        await locker.OpenAsync(Ct);
        Execute(locker, "BEGIN IMMEDIATE");

        var failing = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/engine"), e => e.TryGetProperty("storageFailingSince", out _), "the writer to notice the lock", TimeSpan.FromSeconds(30));
        var startedThen = failing.GetProperty("started").GetInt64();
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/engine"), e => e.GetProperty("started").GetInt64() >= startedThen + 20, "probing to go on", TimeSpan.FromSeconds(30));

        var health = await anonymous.GetJsonAsync("/api/v1/health");
        Assert.All(health.GetProperty("components").EnumerateArray(), c => Assert.Equal("operational", c.Text("status")));
        Assert.StartsWith("degraded: storing results fails", await anonymous.GetStringAsync("/healthz", Ct), StringComparison.Ordinal);
        Assert.Contains("\nstatusboard_storage_failing 1\n", await admin.GetStringAsync("/metrics", Ct), StringComparison.Ordinal);
        Assert.Contains("data-alert=\"storage\"", await admin.GetStringAsync("/ops", Ct), StringComparison.Ordinal);
        await page.Locator("[data-alert=storage]").WaitForAsync();
        await Browser.ScreenshotAsync(page, "ops-storage-failing");

        Assert.Contains("data-status=\"operational\"", await anonymous.GetStringAsync("/", Ct), StringComparison.Ordinal);
        var startedBeforeRelease = (await admin.GetJsonAsync("/api/v1/engine")).GetProperty("started").GetInt64();

        Execute(locker, "ROLLBACK");
        await locker.CloseAsync();

        var recovered = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/engine"),
            e => !e.TryGetProperty("storageFailingSince", out _) && e.GetProperty("written").GetInt64() >= startedBeforeRelease,
            "every result started before the release to be written", TimeSpan.FromSeconds(30));
        Wait.For(() => _alerts.Any(a => a.Status == "recovered"), "the recovered alert", TimeSpan.FromSeconds(20));

        Assert.Equal(0, recovered.GetProperty("dropped").GetInt64());
        Assert.Equal("ok", await anonymous.GetStringAsync("/healthz", Ct));
        Assert.All(_alerts, a => Assert.Equal("monitoring.storage", a.Event));
        Assert.Equal(incidentsBefore, (await admin.GetJsonAsync("/api/v1/incidents")).GetArrayLength());
        Assert.True(await _app.ScalarAsync<long>("SELECT COUNT(*) FROM results") >= startedBeforeRelease);
    }

    [Fact]
    public async Task DatabaseGone_ThePublicPageKeepsServingItsLastGoodSnapshot_AndRecovers()
    {
        var anonymous = _app.Client();
        var admin = _app.Client(admin: true);
        Assert.Contains("data-component=\"payments\"", await anonymous.GetStringAsync("/?lang=en", Ct), StringComparison.Ordinal);

        // The database file is taken away (a volume lost, a file replaced): new connections find an empty database.
        var aside = _app.DatabasePath + ".aside";
        SqliteConnection.ClearAllPools();
        MoveDatabase(_app.DatabasePath, aside);
        var broken = await Wait.ForAsync(() => admin.GetAsync("/api/v1/incidents", Ct), r => !r.IsSuccessStatusCode, "reads to fail without the database");

        // Past the page's age: a new render is due and fails; the last good page is served meanwhile, with no error.
        var renderDue = TimeProvider.System.GetTimestamp();
        var pages = new List<(System.Net.HttpStatusCode Status, string Body, TimeSpan At)>();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (TimeProvider.System.GetElapsedTime(renderDue) < StatusBoard.Web.Services.PageSnapshots.RefreshAfter + TimeSpan.FromSeconds(2) && await tick.WaitForNextTickAsync(Ct))
        {
            using var response = await anonymous.GetAsync("/?lang=en", Ct);
            pages.Add((response.StatusCode, await response.Content.ReadAsStringAsync(Ct), TimeProvider.System.GetElapsedTime(renderDue)));
        }

        // A page that must read the database says, in the reader's language, that the fault is on the server's side.
        using var historyRequest = new HttpRequestMessage(HttpMethod.Get, "/history?page=7&lang=zh-CN");
        historyRequest.Headers.Add("Accept", "text/html");
        using var history = await anonymous.SendAsync(historyRequest, Ct);
        var failed = await history.Content.ReadAsStringAsync(Ct);

        SqliteConnection.ClearAllPools();
        File.Delete(_app.DatabasePath);
        MoveDatabase(aside, _app.DatabasePath);
        SqliteConnection.ClearAllPools();

        Assert.True(pages.Count > 10);
        // A render that had read the database before it went may still land once, at the start; after that the page
        // never changes: every render due meanwhile fails and the last good one is served.
        var changes = pages.Zip(pages.Skip(1)).Where(pair => pair.First.Body != pair.Second.Body).Select(pair => pair.Second.At).ToList();
        Assert.True(changes.Count <= 1 && changes.All(at => at < TimeSpan.FromSeconds(1)),
            $"the page changed {changes.Count} times while the database was gone, at {string.Join(", ", changes.Select(at => $"{at.TotalSeconds:0.0} s"))}");
        Assert.All(pages, page => Assert.Equal(System.Net.HttpStatusCode.OK, page.Status));
        Assert.All(pages, page => Assert.Contains("data-component=\"payments\"", page.Body, StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, history.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\"", failed, StringComparison.Ordinal);
        Assert.Contains("服务器出现异常", failed, StringComparison.Ordinal);
        Assert.Matches("如需联系客服，请提供此编号： <code>[0-9a-f]{32}</code>", failed);
        Assert.DoesNotContain("Exception", failed, StringComparison.Ordinal);
        Assert.DoesNotContain("Development", failed, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, broken.StatusCode);
        Assert.Equal("Storage unavailable", (await broken.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).Text("title"));
        await Wait.ForAsync(() => admin.GetAsync("/api/v1/incidents", Ct), r => r.IsSuccessStatusCode, "reads to work again", TimeSpan.FromSeconds(20));
    }

    private static void MoveDatabase(string from, string to)
    {
        foreach (var suffix in (string[])["", "-wal", "-shm"])
        {
            if (File.Exists(from + suffix))
            {
                File.Move(from + suffix, to + suffix, overwrite: true);
            }
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
