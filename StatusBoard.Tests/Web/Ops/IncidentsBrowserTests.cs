using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// An operator works an incident from /ops in Chromium, each step by clicking and typing, each outcome read through the
/// API: open one by hand with its components picked from a list (its opener has acknowledged it), post a public update,
/// add an internal note, change its impact and components, write the postmortem and resolve it; and an incident
/// StatusBoard opened on an outage broken with the demo panel, acknowledged and marked a false alarm.
/// </summary>
[Trait("Surface", "browser")]
public sealed class IncidentsBrowserTests() : BrowserTest(new StatusBoardApp(new Dictionary<string, string?>
    {
        ["StatusBoard:Incidents:ConfirmationPeriod"] = "1s",
        ["StatusBoard:Incidents:EvaluationInterval"] = "200ms",
    }))
{
    [Fact]
    public async Task AnIncidentOpenedAndWorkedOnThePage_IsWhatTheApiSays()
    {
        var api = App.Client(admin: true);
        var page = await NewPageAsync(1440, 1000);
        await Browser.SignInAsync(page, BaseUrl, "/ops/incidents/new");

        // Open by hand: a partner bank's outage the probes cannot see, on payments only.
        await page.FillAsync("[data-field=title]", "Partner bank card declines");
        await page.FillAsync("[data-field=title-zh]", "合作银行的银行卡被拒付");
        await page.SelectOptionAsync("[data-field=impact]", "major");
        await page.CheckAsync("input[data-component=payments]");
        await page.FillAsync("[data-field=message]", "Cards of one partner bank are declined; other cards work.");
        await page.FillAsync("[data-field=message-zh]", "一家合作银行的卡被拒付，其他银行卡正常。");
        await page.ClickAsync("[data-action=open-incident]");
        try
        {
            await page.WaitForURLAsync(url => url.Contains("/ops/incidents/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal), Browser.SignedIn);
        }
        catch (TimeoutException)
        {
            // Once on a busy CI machine the page stayed on /new for 30 s: say what it showed and what the server holds.
            await Browser.ScreenshotAsync(page, "incident-open-stuck");
            var shown = await page.Locator("section.panel").InnerTextAsync();
            Assert.Fail($"still on {page.Url} after Open; the page shows: {shown}; the API lists {(await api.GetJsonAsync("/api/v1/incidents")).GetArrayLength()} incident(s); interactive: {await page.Locator(".ops-main").GetAttributeAsync("data-interactive")}");
        }

        await Browser.InteractiveAsync(page);
        var incident = Assert.Single((await api.GetJsonAsync("/api/v1/incidents")).EnumerateArray());
        var id = incident.Text("id");
        Assert.Equal(("Partner bank card declines", "major", "investigating"), (incident.Text("title"), incident.Text("impact"), incident.Text("status")));
        Assert.Equal(["payments"], incident.GetProperty("components").EnumerateArray().Select(c => c.Text("key")));
        Assert.Equal(("Partner bank card declines", "合作银行的银行卡被拒付"), (incident.GetProperty("titles").Text("en"), incident.GetProperty("titles").Text("zh-CN")));
        Assert.Equal("一家合作银行的卡被拒付，其他银行卡正常。", incident.GetProperty("updates")[0].GetProperty("bodies").Text("zh-CN"));
        var detail = page.Locator($".incident-detail[data-incident='{id}']");

        await Assertions.Expect(detail).ToHaveAttributeAsync("data-acknowledged", "true");
        Assert.True((await api.GetJsonAsync($"/api/v1/incidents/{id}")).TryGetProperty("acknowledgedAt", out var acknowledged) && acknowledged.ValueKind == System.Text.Json.JsonValueKind.String);

        // A public update, then an internal note that stays in /ops.
        await page.SelectOptionAsync("[data-field=status]", "identified");
        await page.FillAsync("[data-field=message]", "The bank confirmed a fault in its card switch.");
        await page.ClickAsync("[data-action=post-update]");
        await Assertions.Expect(detail).ToHaveAttributeAsync("data-status", "identified");
        await page.FillAsync("[data-field=message]", "Bank's on-call: +86 555 0100, ticket 4711.");
        await page.ClickAsync("[data-action=add-note]");
        await Assertions.Expect(page.Locator("li[data-public=false]")).ToContainTextAsync("ticket 4711");
        var updates = (await api.GetJsonAsync($"/api/v1/incidents/{id}")).GetProperty("updates").EnumerateArray().ToList();
        Assert.Contains(updates, u => u.Text("body").Contains("card switch", StringComparison.Ordinal));
        var publicPage = await App.Client().GetStringAsync($"/incidents/{id}?lang=en", Ct);
        Assert.Contains("card switch", publicPage, StringComparison.Ordinal);
        Assert.DoesNotContain("ticket 4711", publicPage, StringComparison.Ordinal);
        // The Chinese page: the Chinese title and first message; the update written in English only, marked as such.
        var chinesePage = await App.Client().GetStringAsync($"/incidents/{id}?lang=zh-CN", Ct);
        Assert.Contains("<h1 class=\"public-title\">合作银行的银行卡被拒付", chinesePage, StringComparison.Ordinal);
        Assert.Contains("其他银行卡正常", chinesePage, StringComparison.Ordinal);
        Assert.DoesNotContain("Partner bank card declines", chinesePage, StringComparison.Ordinal);
        Assert.Matches("<div lang=\"en\"><p>The bank confirmed a fault in its card switch.</p>\\s*</div><p class=\"written-fallback\">（仅有英文版）</p>", chinesePage);

        // Impact down to minor, balance added to the components: picked, not typed.
        await page.SelectOptionAsync("[data-field=impact]", "minor");
        await page.CheckAsync("input[data-component=balance]");
        await page.ClickAsync("[data-action=set-impact]");
        await Wait.ForAsync(() => api.GetJsonAsync($"/api/v1/incidents/{id}"),
            i => i.Text("impact") == "minor" && i.GetProperty("components").GetArrayLength() == 2, "impact minor on payments and balance");

        // The postmortem, then resolved.
        await page.FillAsync("[data-field=postmortem]", "The partner's card switch failed over to a stale key.");
        await page.FillAsync("[data-field=postmortem-zh]", "合作银行的交换机切换到了过期的密钥。");
        await page.ClickAsync("[data-action=save-postmortem]");
        await Wait.ForAsync(() => api.GetJsonAsync($"/api/v1/incidents/{id}"), i => i.Text("postmortem")?.Contains("stale key", StringComparison.Ordinal) == true
            && i.TryGetProperty("postmortems", out var both) && both.Text("zh-CN") == "合作银行的交换机切换到了过期的密钥。", "the postmortem stored in both languages");
        await page.SelectOptionAsync("[data-field=status]", "resolved");
        await page.FillAsync("[data-field=message]", "Card payments of that bank work again.");
        await page.ClickAsync("[data-action=post-update]");
        await Assertions.Expect(detail).ToHaveAttributeAsync("data-status", "resolved");
        await Browser.ScreenshotAsync(page, "ops-incident-worked");
        var resolved = await api.GetJsonAsync($"/api/v1/incidents/{id}");
        Assert.Equal("resolved", resolved.Text("status"));
        Assert.True(resolved.TryGetProperty("resolvedAt", out var at) && at.ValueKind == System.Text.Json.JsonValueKind.String);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnIncidentStatusBoardOpened_IsAcknowledgedAndMarkedAFalseAlarmOnThePage()
    {
        var api = App.Client(admin: true);
        var page = await NewPageAsync(1440, 1000);
        await Browser.SignInAsync(page, BaseUrl, "/ops");

        // Break payments everywhere with the demo panel; StatusBoard opens the incident by itself.
        await page.SelectOptionAsync("[data-field=endpoint]", "payments");
        await page.SelectOptionAsync("[data-field=fault]", "outage");
        await page.ClickAsync("[data-action=apply-fault]");
        var opened = await Wait.ForAsync(() => api.GetJsonAsync("/api/v1/incidents"), list => list.GetArrayLength() == 1, "the incident StatusBoard opens", TimeSpan.FromSeconds(30));
        var id = opened[0].Text("id");
        await page.ClickAsync("[data-action=clear-fault]");

        await page.ClickAsync($".open-incidents a[href='/ops/incidents/{id}']");
        await page.WaitForURLAsync($"{BaseUrl}/ops/incidents/{id}", Browser.SignedIn);
        await Browser.InteractiveAsync(page);
        var detail = page.Locator($".incident-detail[data-incident='{id}']");
        await Assertions.Expect(detail).ToHaveAttributeAsync("data-acknowledged", "false");
        await page.ClickAsync("[data-action=acknowledge]");
        await Assertions.Expect(detail).ToHaveAttributeAsync("data-acknowledged", "true");
        await Browser.ToastAsync(page, "Acknowledged.");
        Assert.True((await api.GetJsonAsync($"/api/v1/incidents/{id}")).TryGetProperty("acknowledgedAt", out var acknowledged) && acknowledged.ValueKind == System.Text.Json.JsonValueKind.String);

        await page.ClickAsync("[data-action=false-alarm]");
        await Assertions.Expect(detail).ToHaveAttributeAsync("data-false-alarm", "true");
        await Browser.ToastAsync(page, "Marked a false alarm");
        var marked = await api.GetJsonAsync($"/api/v1/incidents/{id}");
        Assert.True(marked.GetProperty("falseAlarm").GetBoolean());
        Assert.Equal("resolved", marked.Text("status"));
        await Browser.ScreenshotAsync(page, "ops-incident-false-alarm");
        await page.Context.CloseAsync();
    }

}
