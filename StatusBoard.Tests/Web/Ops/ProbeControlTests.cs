using StatusBoard.Probes.Catalog;
using StatusBoard.Web.Live;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>Pause, resume and run now: what operators do from the probe page, through the API both share.</summary>
public sealed class ProbeControlTests : IAsyncLifetime
{
    private readonly StatusBoardApp _app = new();

    public ValueTask InitializeAsync()
    {
        _app.Client();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Pause_StopsRunsAndLeavesHealth_BoardShowsPaused_ResumeRunsAgain()
    {
        var admin = _app.Client(admin: true);
        var start = DateTimeOffset.UtcNow;
        await Wait.ForAsync(() => admin.ResultsAsync("balance", "sg", start), r => r.GetArrayLength() > 0, "balance to run");

        var paused = await admin.PostAsync("/api/v1/probes/balance/pause", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        var pausedAt = DateTimeOffset.UtcNow;

        // Another probe runs three more times while the paused one does not (one run may have been in flight).
        await Wait.ForAsync(() => admin.ResultsAsync("payments-create", "sg", pausedAt), r => r.GetArrayLength() >= 3, "payments-create to keep running");
        Assert.InRange((await admin.ResultsAsync("balance", "sg", pausedAt)).GetArrayLength(), 0, 1);
        var cells = _app.Services.GetRequiredService<BoardBuilder>().Build().Groups.Single(g => g.Key == "balance").Probes.Single().Cells;
        Assert.All(cells, cell => Assert.Equal(CellStatus.Paused, cell!.Status));
        Assert.True(_app.Services.GetRequiredService<ProbeCatalog>().Current.IsPaused("balance"));

        (await admin.PostAsync("/api/v1/probes/balance/resume", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var resumedAt = DateTimeOffset.UtcNow;
        await Wait.ForAsync(() => admin.ResultsAsync("balance", "sg", resumedAt), r => r.GetArrayLength() > 0, "balance to run again");
    }

    [Fact]
    public async Task Pause_SurvivesARestart()
    {
        var admin = _app.Client(admin: true);
        (await admin.PostAsync("/api/v1/probes/balance/pause", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await _app.DisposeAsync();

        await using var restarted = _app.Restarted();
        restarted.Client();

        Assert.True(restarted.Services.GetRequiredService<ProbeCatalog>().Current.IsPaused("balance"));
    }

    [Fact]
    public async Task RunNow_RunsEachLocalRegionOnce_AndUnknownProbeIs404()
    {
        var admin = _app.Client(admin: true);

        var response = await admin.PostAsync("/api/v1/probes/balance/run", null, TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(["cn-east", "cn-south", "sg"], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("region").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/probes/nope/pause", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/probes/nope/run", null, TestContext.Current.CancellationToken)).StatusCode);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
