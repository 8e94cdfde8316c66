using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// The probe editor as an admin uses it: New probe, type the document, Save; then Edit it. Checked through the API, not
/// through the component: the page around the editor is what broke before (it edited a probe called "Key").
/// </summary>
[Trait("Surface", "browser")]
public sealed class ProbeEditorBrowserTests : BrowserTest
{
    [Fact]
    public async Task NewProbe_TypedAndSaved_RunsAndShowsResults_ThenItsEditIsStored()
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await Browser.SignInAsync(page, BaseUrl, "/ops/probes/new");
        await Assertions.Expect(page.Locator(".editor h1")).ToHaveTextAsync("New probe");

        const string document = """
            { "key": "balance-typed", "name": "Balance typed in the editor", "component": "balance", "kind": "http",
              "regions": ["sg"], "interval": "1s", "timeout": "1s",
              "request": { "url": "{sandbox}/{region}/v2/balance" }, "conditions": ["[STATUS] == 200"] }
            """;
        var admin = App.Client(admin: true);
        await SaveAsync(page, document, $"{BaseUrl}/ops/probes/balance-typed", async () => (await admin.GetAsync("/api/v1/probes/balance-typed", TestContext.Current.CancellationToken)).IsSuccessStatusCode);

        // The toast outlives the move to the probe's page.
        await Browser.ToastAsync(page, "Created “Balance typed in the editor”");
        var stored = await admin.GetJsonAsync("/api/v1/probes/balance-typed");
        Assert.Equal("Balance typed in the editor", stored.Text("name"));
        Assert.Equal("api", stored.Text("source"));
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=balance-typed&region=sg&limit=5"),
            results => results.GetArrayLength() > 0 && results[0].Text("outcome") == "up", "the new probe's first good result", TimeSpan.FromSeconds(20));
        // The probe's page follows its results without a reload.
        await Assertions.Expect(page.Locator(".detail")).Not.ToContainTextAsync("No results yet", new LocatorAssertionsToContainTextOptions { Timeout = 10_000 });
        await Browser.ScreenshotAsync(page, "ops-probe-created");

        var edit = $"{BaseUrl}/ops/probes/balance-typed/edit";
        await page.GotoAsync(edit);
        await Assertions.Expect(page.Locator(".editor h1")).ToHaveTextAsync("Edit balance-typed");
        var text = await page.Locator("textarea[data-field=document]").InputValueAsync();
        Assert.Contains("\"balance-typed\"", text, StringComparison.Ordinal);
        await SaveAsync(page, text.Replace("Balance typed in the editor", "Balance, renamed", StringComparison.Ordinal), $"{BaseUrl}/ops/probes/balance-typed",
            async () => (await admin.GetJsonAsync("/api/v1/probes/balance-typed")).Text("name") == "Balance, renamed");

        Assert.Equal("Balance, renamed", (await admin.GetJsonAsync("/api/v1/probes/balance-typed")).Text("name"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task NewGrpcProbe_TypedFromTheKindsHelp_IsStoredWithItsOwnFields_AndFollowsTheServersHealth()
    {
        await using var grpc = await GrpcHealthServer.StartAsync();
        grpc.Set("payments", serving: true);
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await Browser.SignInAsync(page, BaseUrl, "/ops/probes/new");
        // The help lists every kind with what its conditions read, from the kinds' own descriptions.
        await Assertions.Expect(page.Locator("[data-help=kinds] dd[data-kind=grpc]")).ToContainTextAsync("[STATUS] == SERVING");
        await Assertions.Expect(page.Locator("[data-help=kinds] dd[data-kind=tcp]")).ToContainTextAsync("[CONNECTED]");
        await Browser.ScreenshotAsync(page, "ops-probe-editor-kinds");

        var document = $$"""
            { "key": "ledger-grpc", "name": "Ledger gRPC health", "component": "balance", "kind": "grpc",
              "regions": ["sg"], "interval": "1s", "timeout": "2s", "target": "127.0.0.1:{{grpc.Port}}",
              "service": "payments", "tls": false, "conditions": ["[STATUS] == SERVING"] }
            """;
        var admin = App.Client(admin: true);
        await SaveAsync(page, document, $"{BaseUrl}/ops/probes/ledger-grpc", async () => (await admin.GetAsync("/api/v1/probes/ledger-grpc", TestContext.Current.CancellationToken)).IsSuccessStatusCode);

        var stored = await admin.GetJsonAsync("/api/v1/probes/ledger-grpc");
        Assert.Equal(("grpc", "payments", false), (stored.Text("kind"), stored.Text("service"), stored.GetProperty("tls").GetBoolean()));
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=ledger-grpc&region=sg&limit=1"),
            results => results.GetArrayLength() > 0 && results[0].Text("outcome") == "up", "the gRPC probe's first good result", TimeSpan.FromSeconds(20));

        grpc.Set("payments", serving: false);
        var failed = await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=ledger-grpc&region=sg&limit=1"),
            results => results.GetArrayLength() > 0 && results[0].Text("outcome") == "down", "a result once the service stopped serving", TimeSpan.FromSeconds(20));
        Assert.Equal("server", failed[0].Text("category"));
        Assert.Contains("NOT_SERVING", failed[0].Text("message"), StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task NewProbe_Invalid_ShowsTheFieldAndStoresNothing()
    {
        var context = await Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await Browser.SignInAsync(page, BaseUrl, "/ops/probes/new");
        await WaitForCircuitAsync(page);

        await page.Locator("textarea[data-field=document]").FillAsync("""{ "key": "bad-one", "name": "Bad", "component": "balance", "regions": ["sg"], "interval": "30s", "request": { "url": "{sandbox}/{region}/v2/balance" }, "conditions": ["[STATUS] === 200"] }""");
        await page.ClickAsync("[data-action=save]");

        await Assertions.Expect(page.Locator(".errors li[data-field^=conditions]")).ToContainTextAsync("[STATUS] === 200");
        Assert.EndsWith("/ops/probes/new", page.Url, StringComparison.Ordinal);

        using var response = await App.Client(admin: true).GetAsync("/api/v1/probes/bad-one", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        await context.CloseAsync();
    }

    /// <summary>The editor answers typing only once its circuit is up: before that, what is typed is replaced when it connects.</summary>
    private static Task WaitForCircuitAsync(IPage page) =>
        Assertions.Expect(page.Locator(".editor")).ToHaveAttributeAsync("data-interactive", "true", new LocatorAssertionsToHaveAttributeOptions { Timeout = 20_000 });

    /// <summary>Types the document into the live editor and saves; the page moves on to the probe, with the change stored.</summary>
    private static async Task SaveAsync(IPage page, string document, string next, Func<Task<bool>> stored)
    {
        await WaitForCircuitAsync(page);
        await page.Locator("textarea[data-field=document]").FillAsync(document);
        await page.ClickAsync("[data-action=save]");
        // Moved on once the URL is the probe's: its page loading (every resource, on a busy machine) is not what is tested here.
        await page.WaitForURLAsync(next, new PageWaitForURLOptions { Timeout = 30_000, WaitUntil = WaitUntilState.Commit });
        await Wait.ForAsync(stored, done => done, $"the change to be stored once the page moved on to {next}");
    }
}
