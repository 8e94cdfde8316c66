using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// An admin adds a component, names it in both languages and moves it first, from /ops/components in Chromium: the API
/// and the public page (in Chinese) then say so; a refused form keeps what was typed; configuration's components stay
/// read-only.
/// </summary>
[Trait("Surface", "browser")]
public sealed class ComponentsBrowserTests : BrowserTest
{
    [Fact]
    public async Task AComponentAddedRenamedAndMovedOnThePage_IsWhatTheApiAndThePublicPageSay()
    {
        var admin = App.Client(admin: true);
        var page = await NewPageAsync(1440, 900);
        await Browser.SignInAsync(page, BaseUrl, "/ops");
        await page.ClickAsync(".ops-nav a[href='/ops/components']");
        await page.WaitForURLAsync($"{BaseUrl}/ops/components", Browser.SignedIn);
        var form = page.Locator("[data-form=component]");

        // The demo's components come from configuration: listed, not editable here.
        await Assertions.Expect(page.Locator("tr[data-component=payments] [data-action=edit-component]")).ToHaveCountAsync(0);

        // A key that is not one: refused by its field, what was typed kept.
        await form.Locator("[data-field=key]").FillAsync("Refunds!");
        await form.Locator("[data-field='names.en']").FillAsync("Refunds");
        await form.Locator("[data-action=save-component]").ClickAsync();
        await Assertions.Expect(form.Locator("[data-error=key]")).ToContainTextAsync("lower-case letters");
        await Assertions.Expect(form.Locator("[data-field='names.en']")).ToHaveValueAsync("Refunds");

        await form.Locator("[data-field=key]").FillAsync("refunds");
        await form.Locator("[data-field='names.zh-CN']").FillAsync("退款");
        await form.Locator("[data-action=save-component]").ClickAsync();
        await Browser.ToastAsync(page, "Added “Refunds”");
        var created = (await admin.GetJsonAsync("/api/v1/components")).EnumerateArray().Single(c => c.Text("key") == "refunds");
        Assert.Equal(("Refunds", "退款", "api"), (created.GetProperty("names").Text("en"), created.GetProperty("names").Text("zh-CN"), created.Text("source")));

        // Renamed in both languages and moved first.
        var row = page.Locator("tr[data-component=refunds]");
        await row.Locator("[data-action=edit-component]").ClickAsync();
        await Assertions.Expect(form.Locator("[data-field='names.en']")).ToHaveValueAsync("Refunds");
        await form.Locator("[data-field='names.en']").FillAsync("Refunds and reversals");
        await form.Locator("[data-field='names.zh-CN']").FillAsync("退款与冲正");
        await form.Locator("[data-field=position]").FillAsync("-1");
        await form.Locator("[data-field=description]").FillAsync("Money going back to the payer");
        await form.Locator("[data-field='descriptions.zh-CN']").FillAsync("款项退回付款人");
        await form.Locator("[data-action=save-component]").ClickAsync();
        await Browser.ToastAsync(page, "Saved “Refunds and reversals”");
        await Assertions.Expect(page.Locator("tr[data-component]").First).ToHaveAttributeAsync("data-component", "refunds");
        await Browser.ScreenshotAsync(page, "ops-components");

        var components = (await admin.GetJsonAsync("/api/v1/components")).EnumerateArray().ToList();
        Assert.Equal("refunds", components[0].Text("key"));
        Assert.Equal(("Refunds and reversals", "退款与冲正"), (components[0].GetProperty("names").Text("en"), components[0].GetProperty("names").Text("zh-CN")));
        Assert.Equal(("Money going back to the payer", "款项退回付款人"), (components[0].Text("description"), components[0].GetProperty("descriptions").Text("zh-CN")));
        await Wait.ForAsync(() => App.Client().GetStringAsync("/?lang=zh-CN", Ct),
            html => html.Contains("退款与冲正", StringComparison.Ordinal) && html.Contains("<p class=\"component-description\">款项退回付款人</p>", StringComparison.Ordinal),
            "the public page in Chinese naming and describing the renamed component");
        // Editing again shows what was saved in both languages.
        await row.Locator("[data-action=edit-component]").ClickAsync();
        await Assertions.Expect(form.Locator("[data-field='descriptions.zh-CN']")).ToHaveValueAsync("款项退回付款人");
        await form.Locator("[data-action=stop-editing]").ClickAsync();

        // Through the API: configuration's component is refused, a key in the body that is not the address too.
        using (var configured = await admin.PutAsJsonAsync("/api/v1/components/payments", new { names = new { en = "Pay" } }, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, configured.StatusCode);
        }

        using (var renamedKey = await admin.PutAsJsonAsync("/api/v1/components/refunds", new { key = "other", names = new { en = "x" } }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, renamedKey.StatusCode);
        }

        // What was saved is what a restart reads back.
        await using var restarted = App.Restarted();
        var after = (await restarted.Client().GetJsonAsync("/api/v1/components")).EnumerateArray().First();
        Assert.Equal(("refunds", "Refunds and reversals"), (after.Text("key"), after.Text("name")));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TwoComponentsGroupedOnThePage_AreOneGroupOnTheApiTheStatuspageApiAndThePublicPage()
    {
        var admin = App.Client(admin: true);
        foreach (var (key, en, position) in new[] { ("cards", "Cards", 5), ("points", "Points", 6) })
        {
            using var created = await admin.PostAsJsonAsync("/api/v1/components", new { key, names = new { en }, position }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var page = await NewPageAsync(1440, 900);
        await Browser.SignInAsync(page, BaseUrl, "/ops/components");
        var form = page.Locator("[data-form=component]");
        foreach (var (key, name) in new[] { ("cards", "Cards"), ("points", "Points") })
        {
            await page.Locator($"tr[data-component={key}] [data-action=edit-component]").ClickAsync();
            await Assertions.Expect(form.Locator("h2")).ToContainTextAsync(key);
            await form.Locator("[data-field='group.en']").FillAsync("Wallet");
            await form.Locator("[data-field='group.zh-CN']").FillAsync("钱包");
            await form.Locator("[data-action=save-component]").ClickAsync();
            await Browser.ToastAsync(page, $"Saved “{name}”");
            await Assertions.Expect(page.Locator($"tr[data-component={key}] td[data-group]")).ToHaveAttributeAsync("data-group", "Wallet");
        }

        var components = (await admin.GetJsonAsync("/api/v1/components")).EnumerateArray().ToList();
        Assert.All(components.Where(c => c.Text("key") is "cards" or "points"),
            c => Assert.Equal(("Wallet", "钱包"), (c.GetProperty("group").Text("en"), c.GetProperty("group").Text("zh-CN"))));

        // Statuspage's shape: the group an entry of its own, before its members, which name it.
        var v2 = (await App.Client().GetJsonAsync("/api/v2/components.json")).GetProperty("components").EnumerateArray().ToList();
        var group = v2.Single(c => c.GetProperty("group").GetBoolean());
        var members = v2.Where(c => c.Text("group_id") == group.Text("id")).ToList();
        Assert.Equal("Wallet", group.Text("name"));
        Assert.Equal(["Cards", "Points"], members.Select(m => m.Text("name")).Order());
        Assert.Equal(members.Select(m => m.Text("id")).Order(), group.GetProperty("components").EnumerateArray().Select(id => id.GetString()).Order());
        Assert.True(v2.IndexOf(group) < members.Min(v2.IndexOf));
        Assert.All(v2.Where(c => !c.GetProperty("group").GetBoolean()), c => Assert.False(c.TryGetProperty("components", out _)));

        // The public page, in Chinese: one heading for the group, its members under it.
        // The page is cached for a few seconds: wait until its copy has the change.
        await Wait.ForAsync(() => App.Client().GetStringAsync("/?lang=zh-CN", Ct), html => html.Contains("data-group=\"钱包\"", StringComparison.Ordinal),
            "the public page in Chinese with the group");
        var publicPage = await NewPageAsync(390, 844);
        await publicPage.GotoAsync($"{BaseUrl}/?lang=zh-CN");
        var block = publicPage.Locator("li.component-group[data-group='钱包']");
        await Assertions.Expect(block.Locator("h3")).ToHaveTextAsync("钱包 （2 项服务）");
        await Assertions.Expect(block.Locator("li.component")).ToHaveCountAsync(2);
        // Nothing probes the new members yet, so the group is not all clear: it comes open, and one row closes it.
        await Assertions.Expect(block.Locator("li.component[data-component=cards] h4")).ToBeVisibleAsync();
        await Assertions.Expect(block.Locator("li.component[data-component=cards] h4")).ToHaveTextAsync("Cards");
        await Browser.ScreenshotAsync(publicPage, "public-component-group-390");
        await block.Locator("summary").ClickAsync();
        await Assertions.Expect(block.Locator("li.component[data-component=cards] h4")).ToBeHiddenAsync();
        await Assertions.Expect(block.Locator("summary .status")).ToBeVisibleAsync();

        // The board's strip names the group on each member.
        await page.GotoAsync($"{BaseUrl}/ops");
        await Assertions.Expect(page.Locator(".strip-item[data-component=cards] .strip-group")).ToHaveTextAsync("Wallet");
        await page.Context.CloseAsync();
        await publicPage.Context.CloseAsync();
    }
}
