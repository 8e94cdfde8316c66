using System.Diagnostics;
using StatusBoard.Web.Services;

namespace StatusBoard.Tests.Web;

/// <summary>The public page is rendered again without anyone asking: the first visitor after a quiet spell sees the present.</summary>
public sealed class PublicPageFreshnessTests : IDisposable
{
    private readonly StatusBoardApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QuietPage_FaultShowsOnTheFirstRequest_WithinTenSecondsOfHealthKnowingIt()
    {
        var anonymous = _app.Client();
        var admin = _app.Client(admin: true);
        await Wait.ForAsync(() => anonymous.GetStringAsync("/?lang=en", Ct), page => page.Contains("data-status=\"operational\"", StringComparison.Ordinal), "the page", TimeSpan.FromSeconds(30));
        var snapshots = _app.Services.GetRequiredService<PageSnapshots>();
        var quietFrom = DateTimeOffset.UtcNow;

        // Thirty seconds with no request to the page: the refresher keeps rendering it on its own.
        var renders = new HashSet<DateTimeOffset>();
        await Wait.ForAsync(() => Task.FromResult(snapshots.RenderedAt(PublicTexts.English)), at =>
        {
            renders.Add(at!.Value);
            return at.Value - quietFrom >= TimeSpan.FromSeconds(30);
        }, "thirty quiet seconds of renders", TimeSpan.FromSeconds(45));
        Assert.True(renders.Count >= 5, $"{renders.Count} renders in 30 s");

        using (var fault = await admin.PostAsJsonAsync("/sandbox/faults", new { region = "sg", endpoint = "payments", fault = "outage" }, Ct))
        {
            fault.EnsureSuccessStatusCode();
        }

        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/health"), h => h.Component("payments").Text("status") != "operational", "health to know the outage", TimeSpan.FromSeconds(20));
        var known = Stopwatch.StartNew();
        var knownAt = DateTimeOffset.UtcNow;
        await Wait.ForAsync(() => Task.FromResult(snapshots.RenderedAt(PublicTexts.English)), at => at > knownAt, "a render after health knew", TimeSpan.FromSeconds(10));

        var page = await anonymous.GetStringAsync("/?lang=en", Ct);

        Assert.True(known.Elapsed < TimeSpan.FromSeconds(10), $"the page was rendered {known.Elapsed.TotalSeconds:0.0} s after health knew");
        Assert.Matches("data-component=\"payments\" data-status=\"(partial_outage|major_outage)\"", page);
    }

    public void Dispose() => _app.Dispose();
}
