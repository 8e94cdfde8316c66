using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace StatusBoard.Tests.Web;

/// <summary>
/// A catalogue of payloads put through every field a user or operator writes — component and probe names, incident
/// titles, updates and postmortems, maintenance text, report text, query strings — then every page, feed, badge, CSV
/// and API that shows them is read back: each shows them as text, stored exactly, and nothing in them runs.
/// </summary>
public sealed partial class HostileInputTests : IAsyncDisposable
{
    /// <summary>Each tries another way out of the text it is put in: markup, links, templates, formulas, headers.</summary>
    public static readonly string[] Payloads =
    [
        "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<svg onload=alert(3)>", "</style><script>alert(4)</script>",
        "</title><script>alert(5)</script>", "\"><script>alert(6)</script>", "'><svg/onload=alert(7)>", "javascript:alert(8)",
        "JaVaScRiPt:alert(9)", "&#106;avascript:alert(10)", "data:text/html,<script>alert(11)</script>", "vbscript:msgbox(12)",
        "{{7*7}}", "@(6*7)", "{% include '/etc/passwd' %}", "${7*7}", "=HYPERLINK(\"http://evil.example\")", ";=1+1", "]]><x/>",
    ];

    private readonly StatusBoardApp _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Payloads_InEveryField_ShowAsInertTextOnEverySurface_AndAreStoredExactly()
    {
        var admin = await _app.ClientWithRoleAsync("admin");
        var all = string.Join(" ", Payloads);
        var chunks = Chunks(190);

        // Components named with payloads, each with a probe named with payloads, against the sandbox.
        for (var i = 0; i < chunks.Count; i++)
        {
            await Created(admin.PostAsJsonAsync("/api/v1/components", new { key = $"hostile-{i}", names = new Dictionary<string, string> { ["en"] = chunks[i][..Math.Min(100, chunks[i].Length)], ["zh-CN"] = "恶意 " + i }, position = 50 + i }, Ct));
            await Created(admin.PostAsJsonAsync("/api/v1/probes", new
            {
                key = $"hostile-probe-{i}", name = chunks[i], component = $"hostile-{i}", kind = "http", regions = new[] { "sg" }, interval = "1s", timeout = "1s",
                request = new { url = "{sandbox}/{region}/v2/balance" }, conditions = new[] { "[STATUS] == 200" },
            }, Ct));
        }

        // Incidents, their updates and postmortems, maintenance and a user's report, all carrying payloads.
        var incidents = new List<string>();
        foreach (var chunk in chunks)
        {
            var created = await Created(admin.PostAsJsonAsync("/api/v1/incidents", new { title = chunk, message = all + "\n\n[link](javascript:alert(1))", impact = "minor", components = new[] { "hostile-0" } }, Ct));
            var id = created.Text("id");
            incidents.Add(id);
            (await admin.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "identified", message = all }, Ct)).EnsureSuccessStatusCode();
            (await admin.PutAsJsonAsync($"/api/v1/incidents/{id}/postmortem", new { text = all }, Ct)).EnsureSuccessStatusCode();
        }

        var now = TimeProvider.System.GetUtcNow();
        await Created(admin.PostAsJsonAsync("/api/v1/maintenance", new { title = chunks[0], message = all, components = new[] { "hostile-0" }, startsAt = now.AddMinutes(-1), endsAt = now.AddHours(1) }, Ct));
        await Created(_app.Client().PostAsJsonAsync("/api/v1/reports", new { component = "hostile-0", symptom = "payment-failed", region = "sg", text = all[..Math.Min(500, all.Length)] }, Ct));
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/results?probe=hostile-probe-0&limit=1"), r => r.GetArrayLength() > 0, "a run of a hostile-named probe");

        // Pages: public, signed in and the reports, with payloads in the query string too.
        var query = $"lang={Uri.EscapeDataString(Payloads[0])}&region={Uri.EscapeDataString(Payloads[1])}&app={Uri.EscapeDataString(Payloads[5])}&reported={Uri.EscapeDataString(Payloads[3])}";
        var pages = new List<string> { "/", "/?lang=zh-CN", "/?" + query, "/history", "/status", "/ops", "/ops/incidents", "/reports", "/reports?component=" + Uri.EscapeDataString(Payloads[2]), "/ops/probes/hostile-probe-0" };
        pages.AddRange(incidents.Select(id => $"/incidents/{id}"));
        pages.AddRange(incidents.Select(id => $"/ops/incidents/{id}"));
        foreach (var page in pages)
        {
            using var response = await admin.GetAsync(page, Ct);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{page}: {(int)response.StatusCode}");
            AssertInertHtml(page, await response.Content.ReadAsStringAsync(Ct));
        }

        // The page is rendered again within a second of a change: wait for the one that shows the incidents.
        var title = WebUtility.HtmlEncode(chunks[0][..Math.Min(100, chunks[0].Length)]).Replace("&#39;", "'", StringComparison.Ordinal)[..40];
        await Wait.ForAsync(() => admin.GetStringAsync("/", Ct), html => html.Replace("&#x27;", "'", StringComparison.Ordinal).Replace("&#39;", "'", StringComparison.Ordinal).Contains(title, StringComparison.Ordinal), "the public page with the first incident's title, encoded");
        // Templates stay as written: the title (plain text) shows them; no 49 or 42 appears anywhere above.
        var templated = await admin.GetStringAsync($"/incidents/{incidents[chunks.FindIndex(c => c.Contains("{{7*7}}", StringComparison.Ordinal))]}?lang=en", Ct);
        Assert.Contains("{{7*7}} @(6*7)", templated, StringComparison.Ordinal);

        // Feeds and badges are XML: they must parse, and carry the payloads only as text.
        foreach (var path in (string[])["/history.atom", "/history.rss", "/badges/hostile-0/status.svg", "/badges/hostile-0/uptime.svg"])
        {
            var document = XDocument.Parse(await admin.GetStringAsync(path, Ct));
            var elements = document.Descendants().Select(e => e.Name.LocalName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.False(elements.Contains("script") || elements.Contains("img") || elements.Contains("x"), $"{path} has an element a payload brought");
            Assert.DoesNotContain(document.Descendants().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        }

        // JSON keeps every payload exactly as written: nothing lost, nothing rewritten.
        var strings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in (string[])["/api/v2/summary.json", "/api/v2/incidents.json", "/api/v1/components", "/api/v1/incidents", "/api/v1/maintenance", "/api/v1/probes"])
        {
            Collect(await admin.GetJsonAsync(path), strings);
        }

        Assert.All(chunks, chunk => Assert.Contains(chunk, strings));
        Assert.Contains(all, strings);

        // CSV: a cell that a spreadsheet would read as a formula is written as text.
        var csv = await admin.GetStringAsync("/api/v1/reports/incidents.csv", Ct);
        Assert.DoesNotMatch(FormulaCell(), csv);
    }

    [Fact]
    public async Task BadRequests_GetAClear4xx_AndWriteNothing()
    {
        var admin = await _app.ClientWithRoleAsync("admin");
        var before = await CountsAsync(admin);
        var megabyte = new string('x', 1024 * 1024);
        var deep = new string('[', 10_000) + new string(']', 10_000);
        byte[] invalidUtf8 = [.. "{\"key\":\"bad-utf8\",\"names\":{\"en\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}}"u8];

        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("1 MB component name", await admin.PostAsJsonAsync("/api/v1/components", new { key = "big", names = new { en = megabyte } }, Ct)),
            ("1 MB probe name", await admin.PostAsJsonAsync("/api/v1/probes", new { key = "big", name = megabyte, component = "payments" }, Ct)),
            ("1 MB incident", await admin.PostAsJsonAsync("/api/v1/incidents", new { title = "t", message = megabyte, components = new[] { "payments" } }, Ct)),
            ("1 MB maintenance title", await admin.PostAsJsonAsync("/api/v1/maintenance", new { title = megabyte, components = new[] { "payments" } }, Ct)),
            ("1 MB report", await _app.Client().PostAsJsonAsync("/api/v1/reports", new { component = "payments", symptom = "payment-failed", text = megabyte }, Ct)),
            ("1 MB report form", await _app.Client(followRedirects: false).PostAsync("/report", new FormUrlEncodedContent(new Dictionary<string, string> { ["component"] = "payments", ["symptom"] = "payment-failed", ["text"] = megabyte }), Ct)),
            ("deep JSON", await admin.PostAsync("/api/v1/components", new StringContent(deep, Encoding.UTF8, "application/json"), Ct)),
            ("deep JSON incident", await admin.PostAsync("/api/v1/incidents", new StringContent("{\"title\":" + deep + "}", Encoding.UTF8, "application/json"), Ct)),
            ("invalid UTF-8", await admin.PostAsync("/api/v1/components", new ByteArrayContent(invalidUtf8) { Headers = { ContentType = new("application/json") } }, Ct)),
            ("not JSON", await admin.PostAsync("/api/v1/probes", new StringContent("key=x", Encoding.UTF8, "application/x-www-form-urlencoded"), Ct)),
            ("truncated JSON", await admin.PostAsync("/api/v1/incidents", new StringContent("{\"title\":\"t\",\"message\":", Encoding.UTF8, "application/json"), Ct)),
            ("1 MB query string", await _app.Client().GetAsync("/?region=" + megabyte, Ct)),
            ("control characters in a name", await admin.PostAsJsonAsync("/api/v1/components", new { key = "ctl", names = new { en = "a\r\nSet-Cookie: x=1" } }, Ct)),
        };

        foreach (var (what, response) in answers)
        {
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500, $"{what}: {status}");
            if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            {
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                Assert.False(string.IsNullOrEmpty(problem.Text("title")), $"{what}: a problem without a title");
            }

            response.Dispose();
        }

        Assert.Equal(before, await CountsAsync(admin));
    }

    [Fact]
    public async Task HeaderInjection_ThroughRedirects_IsNotPossible()
    {
        var client = _app.Client(followRedirects: false);

        using var report = await client.PostAsync("/report", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["component"] = "payments", ["symptom"] = "payment-failed", ["lang"] = "en\r\nSet-Cookie: injected=1",
        }), Ct);
        using var signIn = await StatusBoardApp.SignInAsync(_app.CookieClient(), StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword, "/ops\r\nSet-Cookie: injected=1");
        using var elsewhere = await StatusBoardApp.SignInAsync(_app.CookieClient(), StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword, "//evil.example/ops");

        Assert.Equal(HttpStatusCode.Redirect, report.StatusCode);
        Assert.DoesNotContain(report.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.Contains("injected", StringComparison.Ordinal)));
        Assert.DoesNotContain(signIn.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.Contains("injected", StringComparison.Ordinal)));
        Assert.Equal("/ops", signIn.Headers.Location!.OriginalString);
        Assert.Equal("/ops", elsewhere.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ReportForm_FromAnotherSite_OrNotAForm_IsRefused()
    {
        var client = _app.Client(followRedirects: false);
        var form = new Dictionary<string, string> { ["component"] = "payments", ["symptom"] = "payment-failed" };

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/report") { Content = new FormUrlEncodedContent(form) };
        crossSite.Headers.Add("Origin", "https://evil.example");
        using var fetchMetadata = new HttpRequestMessage(HttpMethod.Post, "/report") { Content = new FormUrlEncodedContent(form) };
        fetchMetadata.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var sameSite = new HttpRequestMessage(HttpMethod.Post, "/report") { Content = new FormUrlEncodedContent(form) };
        sameSite.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        sameSite.Headers.Add("Sec-Fetch-Site", "same-origin");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(crossSite, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(fetchMetadata, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsJsonAsync("/report", form, Ct)).StatusCode);
        using var accepted = await client.SendAsync(sameSite, Ct);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.EndsWith("reported=thanks#report", accepted.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>No element, handler or script link that a payload could have brought, however the page encodes text.</summary>
    private static void AssertInertHtml(string page, string html)
    {
        foreach (var opened in (string[])["<script>alert", "<img src=x", "<svg onload", "<svg/onload", "<x/>"])
        {
            Assert.False(html.Contains(opened, StringComparison.OrdinalIgnoreCase), $"{page} has '{opened}' as markup");
        }

        foreach (Match attribute in LinkAttribute().Matches(html))
        {
            var value = WebUtility.HtmlDecode(attribute.Groups["value"].Value).Trim().ToLowerInvariant();
            Assert.False(value.StartsWith("javascript:", StringComparison.Ordinal) || value.StartsWith("vbscript:", StringComparison.Ordinal) || value.StartsWith("data:", StringComparison.Ordinal),
                $"{page} links to '{attribute.Value}'");
        }

        Assert.DoesNotContain(">49<", html, StringComparison.Ordinal);
    }

    private static List<string> Chunks(int max)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var payload in Payloads)
        {
            if (current.Length > 0 && current.Length + 1 + payload.Length > max)
            {
                chunks.Add(current.ToString());
                current.Clear();
            }

            current.Append(current.Length > 0 ? " " : "").Append(payload);
        }

        chunks.Add(current.ToString());
        return chunks;
    }

    private static async Task<JsonElement> Created(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static void Collect(JsonElement element, HashSet<string> strings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                strings.Add(element.GetString()!);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, strings);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, strings);
                }

                break;
        }
    }

    private static async Task<string> CountsAsync(HttpClient admin) =>
        $"{(await admin.GetJsonAsync("/api/v1/components")).GetArrayLength()} components, {(await admin.GetJsonAsync("/api/v1/probes")).GetArrayLength()} probes, "
        + $"{(await admin.GetJsonAsync("/api/v1/incidents?limit=500")).GetArrayLength()} incidents, {(await admin.GetJsonAsync("/api/v1/maintenance")).GetArrayLength()} maintenance windows";

    [GeneratedRegex("""\b(?:href|src|action|formaction|xlink:href)\s*=\s*(["'])(?<value>[^"']*)\1""", RegexOptions.IgnoreCase)]
    private static partial Regex LinkAttribute();

    /// <summary>A CSV cell, at the start of a line or after a comma, beginning with what a spreadsheet runs as a formula.</summary>
    [GeneratedRegex("""(?:^|,)"?[=+\-@]""", RegexOptions.Multiline)]
    private static partial Regex FormulaCell();
}
