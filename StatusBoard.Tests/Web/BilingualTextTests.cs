using StatusBoard.Probes.Common;
using StatusBoard.Probes.Incidents;
using StatusBoard.Web.Api;

namespace StatusBoard.Tests.Web;

/// <summary>
/// Text people write for wallet users, in both languages: incidents, their updates and postmortems, maintenance windows.
/// Each reader gets their language; a text given in one language only reaches the other's readers marked as such; a
/// plain string means both; a problem in one language is named by it, and nothing is written.
/// </summary>
public sealed class BilingualTextTests : IAsyncLifetime
{
    private readonly StatusBoardApp _app = new();
    private HttpClient _operator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var (_, key) = await _app.Services.GetRequiredService<ApiKeys>().CreateAsync("ops-bot", "operator", Ct);
        _operator = _app.Client();
        _operator.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
    }

    [Fact]
    public async Task AnIncidentWrittenInBoth_ReachesEachReaderInTheirLanguage_AndOneLanguageOnlyIsMarked()
    {
        var created = await _operator.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = new Dictionary<string, string> { ["en"] = "Bank card top-ups delayed", ["zh-CN"] = "银行卡充值延迟" },
            message = new Dictionary<string, string> { ["en"] = "Top-ups by **bank card** take up to 10 minutes.", ["zh-CN"] = "**银行卡**充值最长需要 10 分钟到账。" },
            components = new[] { "payments" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var incident = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = incident.Text("id");
        // Programs keep reading one title: the English; the languages are beside it.
        Assert.Equal("Bank card top-ups delayed", incident.Text("title"));
        Assert.Equal("银行卡充值延迟", incident.GetProperty("titles").Text("zh-CN"));

        // An update in English only, then one plain string for both, then the postmortem in both.
        (await _operator.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "identified", message = new { en = "The card switch of one bank is slow." } }, Ct)).EnsureSuccessStatusCode();
        (await _operator.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "monitoring", message = "Ticket BANK-4711" }, Ct)).EnsureSuccessStatusCode();
        (await _operator.PutAsJsonAsync($"/api/v1/incidents/{id}/postmortem", new { text = new Dictionary<string, string> { ["en"] = "## Why\nA slow switch.", ["zh-CN"] = "## 原因\n交换机变慢。" } }, Ct)).EnsureSuccessStatusCode();

        var chinese = await _app.Client().GetStringAsync($"/incidents/{id}?lang=zh-CN", Ct);
        Assert.Contains("银行卡充值延迟", chinese, StringComparison.Ordinal);
        Assert.Contains("<strong>银行卡</strong>充值最长需要 10 分钟到账。", chinese, StringComparison.Ordinal);
        Assert.Contains("<h2>原因</h2>", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain("Bank card top-ups delayed", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain("A slow switch", chinese, StringComparison.Ordinal);
        Assert.Matches("<div lang=\"en\"><p>The card switch of one bank is slow.</p>\\s*</div><p class=\"written-fallback\">（仅有英文版）</p>", chinese);
        // A plain string is one text for both: no note on it.
        Assert.Matches("<div class=\"update-body\"><p>Ticket BANK-4711</p>\\s*</div>", chinese);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(chinese, "written-fallback"));

        var english = await _app.Client().GetStringAsync($"/incidents/{id}?lang=en", Ct);
        Assert.Contains("Bank card top-ups delayed", english, StringComparison.Ordinal);
        Assert.Contains("<h2>Why</h2>", english, StringComparison.Ordinal);
        Assert.DoesNotContain("银行卡充值延迟", english, StringComparison.Ordinal);
        Assert.DoesNotContain("written-fallback", english, StringComparison.Ordinal);

        // The feeds and the front page in the reader's language too.
        var feed = await _app.Client().GetStringAsync("/history.atom?lang=zh-CN", Ct);
        Assert.Contains("银行卡充值延迟", feed, StringComparison.Ordinal);
        Assert.Contains("The card switch of one bank is slow.", feed, StringComparison.Ordinal);
        Assert.Contains("（仅有英文版）", feed, StringComparison.Ordinal);
        // The front page is rendered once a second: wait for the render that has the incident.
        await Wait.ForAsync(() => _app.Client().GetStringAsync("/?lang=zh-CN", Ct), page => page.Contains("银行卡充值延迟", StringComparison.Ordinal), "the incident on the Chinese front page");
        Assert.Equal("Bank card top-ups delayed", (await _app.Client().GetJsonAsync("/api/v2/incidents/unresolved.json")).GetProperty("incidents")[0].Text("name"));
    }

    [Fact]
    public async Task AMaintenanceWindowWrittenInChineseOnly_ShowsOnTheEnglishPageMarked()
    {
        var admin = _app.Client(admin: true);
        var now = TimeProvider.System.GetUtcNow();
        var created = await admin.PostAsJsonAsync("/api/v1/maintenance", new
        {
            title = new Dictionary<string, string> { ["zh-CN"] = "银行卡通道升级" },
            message = new Dictionary<string, string> { ["en"] = "Card payments may fail for a minute.", ["zh-CN"] = "银行卡支付可能短暂失败。" },
            components = new[] { "payments" },
            startsAt = now.AddMinutes(-5),
            endsAt = now.AddHours(1),
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var window = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("银行卡通道升级", window.Text("title"));
        Assert.Equal("银行卡支付可能短暂失败。", window.GetProperty("messages").Text("zh-CN"));

        var english = await Wait.ForAsync(() => _app.Client().GetStringAsync("/?lang=en", Ct), page => page.Contains("data-maintenance=", StringComparison.Ordinal), "the window on the page");
        Assert.Contains("<span lang=\"zh-CN\">银行卡通道升级</span> <span class=\"written-fallback\">(written in Chinese only)</span>", english, StringComparison.Ordinal);
        Assert.Contains("Card payments may fail for a minute.", english, StringComparison.Ordinal);
        var chinese = await Wait.ForAsync(() => _app.Client().GetStringAsync("/?lang=zh-CN", Ct), page => page.Contains("data-maintenance=", StringComparison.Ordinal), "the window on the Chinese page");
        Assert.Contains("银行卡支付可能短暂失败。", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain("Card payments may fail", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProblemInOneLanguage_IsNamedByIt_AndNothingIsWritten()
    {
        async Task<JsonElement> RefusedAsync(object body)
        {
            var answer = await _operator.PostAsJsonAsync("/api/v1/incidents", body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            return await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
        }

        var bidi = await RefusedAsync(new { title = new Dictionary<string, string> { ["en"] = "Card top-ups", ["zh-CN"] = "充值\u202e失败" }, message = "m", components = new[] { "payments" } });
        Assert.True(bidi.GetProperty("errors").TryGetProperty("title.zh-CN", out _), bidi.ToString());
        var blank = await RefusedAsync(new { title = new Dictionary<string, string> { ["en"] = " ", ["zh-CN"] = "" }, message = "m", components = new[] { "payments" } });
        Assert.Contains("at least one language", blank.GetProperty("errors").GetProperty("title")[0].GetString(), StringComparison.Ordinal);
        var french = await RefusedAsync(new { title = new Dictionary<string, string> { ["fr"] = "Paiements" }, message = "m", components = new[] { "payments" } });
        Assert.Contains("'fr' is not a language of the page", french.Text("detail"), StringComparison.Ordinal);
        var number = await RefusedAsync(new { title = new { en = 5 }, message = "m", components = new[] { "payments" } });
        Assert.Contains("must be a string", number.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(0, (await _app.Client().GetJsonAsync("/api/v1/incidents")).GetArrayLength());
    }

    [Fact]
    public void StoredText_ReadsAsWrittenBefore_AndOneTextForBothStaysAPlainString()
    {
        // An incident stored before texts had languages: its plain title and body mean both.
        var old = Json.Deserialize<Incident>("""
            {"id":"a1","title":"Slow top-ups","status":"investigating","impact":"minor","scope":"none","components":[],
             "startedAt":"2026-12-01T00:00:00Z","detectedAt":"2026-12-01T00:00:00Z","automatic":false,
             "updates":[{"id":"u1","status":"investigating","body":"Looking.","createdAt":"2026-12-01T00:00:00Z"}]}
            """)!;
        Assert.Equal(("Slow top-ups", false), old.TitleText.In("zh-CN"));
        Assert.Equal(("Looking.", false), old.Updates[0].BodyText.In("zh-CN"));

        Assert.Equal("\"both\"", Json.Serialize(LocalText.Both("both")));
        Assert.Equal("""{"zh-CN":"只有中文"}""", Json.Serialize(new LocalText(null, "只有中文")));
        Assert.Equal(("只有中文", true), Json.Deserialize<LocalText>("""{"zh-CN":"只有中文"}""")!.In("en"));
        Assert.Equal(("English", false), Json.Deserialize<LocalText>("""{"en":"English","zh-CN":"中文"}""")!.In("en-GB"));
    }

    [Fact]
    public void AMaintenanceMessageInChineseOnly_IsKept_AndBlankInBothIsNone()
    {
        var now = TimeProvider.System.GetUtcNow();
        StatusBoard.Probes.Maintenance.MaintenanceDocument Document(LocalText? message) => new()
        {
            Title = "Card gateway upgrade", Message = message, Components = ["payments"], StartsAt = now.AddHours(1), EndsAt = now.AddHours(2),
        };
        StatusBoard.Probes.Definitions.ComponentDefinition Component(string key) => new(key, new Dictionary<string, string> { ["en"] = key }, null, 0, StatusBoard.Probes.Definitions.DefinitionSource.Configuration);

        Assert.True(StatusBoard.Probes.Maintenance.MaintenanceDocument.TryParse(Document(new LocalText(" ", "银行卡支付可能短暂失败。")), Component, now, out var chinese, out _));
        Assert.Equal(("银行卡支付可能短暂失败。", true), chinese!.MessageText!.In("en"));
        Assert.True(StatusBoard.Probes.Maintenance.MaintenanceDocument.TryParse(Document(new LocalText(" ", "")), Component, now, out var blank, out _));
        Assert.Null(blank!.MessageText);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
