using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Tests.Support;

namespace StatusBoard.Tests.Web;

/// <summary>The incident history, an incident's own page and the feeds, over incidents written straight to the store.</summary>
public sealed class HistoryTests(HistoryTests.App app) : IClassFixture<HistoryTests.App>
{
    public sealed class App : IAsyncLifetime
    {
        public StatusBoardApp Server { get; } = new();

        /// <summary>Forty days ago at 09:00 UTC: inside the 90-day bar whenever the tests run.</summary>
        public static readonly DateTimeOffset Start = new DateTimeOffset(TimeProvider.System.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(-40).AddHours(9);

        public static DateTimeOffset StartOf(int i) => Start.AddDays(i * 1.5);

        public async ValueTask InitializeAsync()
        {
            Server.Client();
            var store = Server.Services.GetRequiredService<IncidentStore>();
            for (var i = 0; i < 25; i++)
            {
                var started = StartOf(i);
                await store.SaveAsync(new Incident
                {
                    Id = $"inc{i:D3}",
                    Title = i == 24 ? "<script>alert(1)</script> & co" : $"Payments failing in sg ({i})",
                    Status = IncidentStatus.Resolved,
                    Impact = Impact.Minor,
                    Scope = Scope.Regional,
                    Regions = ["sg"],
                    Components = [new AffectedComponent("payments", "Payments", HealthStatus.Operational)],
                    StartedAt = started,
                    DetectedAt = started.AddMinutes(2),
                    ResolvedAt = started.AddMinutes(30),
                    UpdatedAt = started.AddMinutes(30),
                    Updates = [new IncidentUpdate($"u{i}", IncidentStatus.Resolved, "<img src=x onerror=alert(2)>", started.AddMinutes(30))],
                }, CancellationToken.None);
            }
        }

        public ValueTask DisposeAsync()
        {
            Server.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task History_NewestFirstByMonth_TwentyAPage()
    {
        var client = app.Server.Client();

        var first = await client.GetStringAsync("/history?lang=en", Ct);
        var second = await client.GetStringAsync("/history?lang=en&page=2", Ct);

        Assert.Equal(20, System.Text.RegularExpressions.Regex.Count(first, "data-incident=\""));
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Count(second, "data-incident=\""));
        Assert.Contains(App.StartOf(24).ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), first, StringComparison.Ordinal);
        Assert.Contains(App.StartOf(0).ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), second, StringComparison.Ordinal);
        Assert.Contains("rel=\"next\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", second, StringComparison.Ordinal);
        Assert.Contains("lasted 30 min", first, StringComparison.Ordinal);
        var chinese = await client.GetStringAsync("/history?lang=zh-CN", Ct);
        Assert.Contains(App.StartOf(24).ToString("yyyy年M月", System.Globalization.CultureInfo.InvariantCulture), chinese, StringComparison.Ordinal);
        Assert.Contains("支付：sg 出现故障", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UptimeBar_NamesTheDaysIncidents()
    {
        // The page is rendered again within a second of the incidents being written.
        var page = await Wait.ForAsync(() => app.Server.Client().GetStringAsync("/?lang=en", Ct),
            html => html.Contains($"{App.Start:yyyy-MM-dd}: no data", StringComparison.Ordinal) && html.Contains("incident(s)", StringComparison.Ordinal), "the page with the incidents", TimeSpan.FromSeconds(10));

        Assert.Contains($"{App.Start:yyyy-MM-dd}: no data; 1 incident(s)", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentPage_ShowsTimeline_AndUnknownIs404()
    {
        var client = app.Server.Client();

        var page = await client.GetStringAsync("/incidents/inc003?lang=en", Ct);
        using var missing = await client.GetAsync("/incidents/nope", Ct);

        Assert.Contains("Payments: problems in sg", page, StringComparison.Ordinal);
        Assert.Contains("This incident has been resolved.", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("There is no such incident.", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/history.atom", "{http://www.w3.org/2005/Atom}entry")]
    [InlineData("/history.rss", "item")]
    public async Task Feeds_AreWellFormed_AndHostileTextStaysText(string path, string entry)
    {
        var text = await app.Server.Client().GetStringAsync(path, Ct);

        var feed = XDocument.Parse(text);
        Assert.Equal(25, feed.Descendants(entry).Count());
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", text, StringComparison.Ordinal);
        Assert.Contains(feed.Descendants().Where(e => e.Name.LocalName == "title"), t => t.Value.Contains("<script>alert(1)</script>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_NeverRenderIncidentTextAsMarkup()
    {
        var client = app.Server.Client();

        foreach (var path in new[] { "/history?lang=en", "/incidents/inc024?lang=en", "/api/v2/incidents.json" })
        {
            var body = await client.GetStringAsync(path, Ct);
            Assert.DoesNotContain("<script>alert", body, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", body, StringComparison.Ordinal);
        }
    }
}
