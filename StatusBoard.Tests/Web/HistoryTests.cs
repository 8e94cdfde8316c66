using System.Xml.Linq;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;

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
                    // The last was opened by a person, whose title and update are shown as written; StatusBoard words the rest.
                    Automatic = i != 24,
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
        Assert.Contains("支付：新加坡出现故障", chinese, StringComparison.Ordinal);
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

        Assert.Contains("Payments: problems in Singapore", page, StringComparison.Ordinal);
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
        // The typed markup is the summary's plain text, and text within the HTML of the entry.
        Assert.Contains(feed.Descendants().Where(e => e.Name.LocalName is "summary" or "description"),
            t => t.Value.Contains(t.Name.LocalName == "summary" ? "<img src=x onerror=alert(2)>" : "<p>&lt;img src=x onerror=alert(2)&gt;</p>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AtomFeed_InChinese_CarriesEachUpdateAsHtmlAndASummary_AndSaysWhereItIs()
    {
        using var response = await app.Server.Client().GetAsync("/history.atom?lang=zh-CN", Ct);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        XNamespace atom = "http://www.w3.org/2005/Atom";

        Assert.Equal("public, max-age=60", response.Headers.CacheControl?.ToString());
        Assert.Equal("zh-CN", feed.Root!.Attribute(XNamespace.Xml + "lang")?.Value);
        Assert.EndsWith("：历史故障", feed.Root.Element(atom + "title")!.Value, StringComparison.Ordinal);
        Assert.EndsWith("/history.atom?lang=zh-CN", feed.Root.Elements(atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")!.Value, StringComparison.Ordinal);
        var entry = feed.Root.Elements(atom + "entry").First(e => e.Element(atom + "id")!.Value.EndsWith("/incidents/inc023", StringComparison.Ordinal));
        // Worded as the page words an incident StatusBoard opened: the component and the place, in the language.
        Assert.Equal("[已恢复] 支付：新加坡出现故障", entry.Element(atom + "title")!.Value);
        Assert.Equal("html", entry.Element(atom + "content")!.Attribute("type")?.Value);
        var html = entry.Element(atom + "content")!.Value;
        Assert.Contains("<strong>已恢复</strong>", html, StringComparison.Ordinal);
        Assert.Contains("北京时间", html, StringComparison.Ordinal);
        Assert.Contains("<p>此故障已恢复。</p>", html, StringComparison.Ordinal);
        Assert.Equal("此故障已恢复。", entry.Element(atom + "summary")!.Value);

        // What a person wrote, sanitised: the markup typed is text in the HTML, never an element.
        var written = feed.Root.Elements(atom + "entry").First(e => e.Element(atom + "id")!.Value.EndsWith("/incidents/inc024", StringComparison.Ordinal));
        Assert.Equal("[已恢复] <script>alert(1)</script> & co", written.Element(atom + "title")!.Value);
        Assert.Contains("<p>&lt;img src=x onerror=alert(2)&gt;</p>", written.Element(atom + "content")!.Value, StringComparison.Ordinal);
        Assert.Equal("<img src=x onerror=alert(2)>", written.Element(atom + "summary")!.Value);
    }

    [Fact]
    public async Task RssFeed_SaysWhenItWasBuilt_AndWhereItIs()
    {
        var feed = XDocument.Parse(await app.Server.Client().GetStringAsync("/history.rss?lang=en", Ct));
        var channel = feed.Root!.Element("channel")!;

        Assert.Equal(App.StartOf(24).AddMinutes(30).ToString("r", System.Globalization.CultureInfo.InvariantCulture), channel.Element("lastBuildDate")?.Value);
        var self = channel.Element(XName.Get("link", "http://www.w3.org/2005/Atom"))!;
        Assert.Equal("self", self.Attribute("rel")?.Value);
        Assert.EndsWith("/history.rss?lang=en", self.Attribute("href")!.Value, StringComparison.Ordinal);
        Assert.Equal("en", channel.Element("language")?.Value);
    }

    [Fact]
    public async Task FeedOfOneComponent_HoldsItsIncidentsAndMaintenance_AndAnUnknownOneIs404()
    {
        var admin = app.Server.Client(admin: true);
        var now = TimeProvider.System.GetUtcNow();
        (await admin.PostAsJsonAsync("/api/v1/maintenance", new { title = "Card network switch", message = "Top-ups pause for ten minutes.", components = new[] { "balance" }, startsAt = now.AddDays(2), endsAt = now.AddDays(2).AddMinutes(10) }, Ct)).EnsureSuccessStatusCode();
        XNamespace atom = "http://www.w3.org/2005/Atom";

        var balance = XDocument.Parse(await app.Server.Client().GetStringAsync("/history.atom?lang=en&component=balance", Ct));
        var payments = XDocument.Parse(await app.Server.Client().GetStringAsync("/history.atom?lang=en&component=payments", Ct));
        using var unknown = await app.Server.Client().GetAsync("/history.atom?component=coffee", Ct);

        var window = Assert.Single(balance.Root!.Elements(atom + "entry"));
        Assert.Equal("[Scheduled] Card network switch", window.Element(atom + "title")!.Value);
        Assert.Contains("Affects: Wallet balance", window.Element(atom + "summary")!.Value, StringComparison.Ordinal);
        Assert.Contains("<p>Top-ups pause for ten minutes.</p>", window.Element(atom + "content")!.Value, StringComparison.Ordinal);
        Assert.Equal(25, payments.Root!.Elements(atom + "entry").Count());
        Assert.EndsWith(": Payments incident history", payments.Root.Element(atom + "title")!.Value, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
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
