using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StatusBoard.Tests.Support;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// An admin adds a component, names it in both languages and moves it first, from /ops/components in Chromium: the API
/// and the public page (in Chinese) then say so; a refused form keeps what was typed; configuration's components stay
/// read-only.
/// </summary>
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
        await Assertions.Expect(page.Locator("[data-notice]")).ToContainTextAsync("Added “Refunds”");
        var created = (await admin.GetJsonAsync("/api/v1/components")).EnumerateArray().Single(c => c.Text("key") == "refunds");
        Assert.Equal(("Refunds", "退款", "api"), (created.GetProperty("names").Text("en"), created.GetProperty("names").Text("zh-CN"), created.Text("source")));

        // Renamed in both languages and moved first.
        var row = page.Locator("tr[data-component=refunds]");
        await row.Locator("[data-action=edit-component]").ClickAsync();
        await Assertions.Expect(form.Locator("[data-field='names.en']")).ToHaveValueAsync("Refunds");
        await form.Locator("[data-field='names.en']").FillAsync("Refunds and reversals");
        await form.Locator("[data-field='names.zh-CN']").FillAsync("退款与冲正");
        await form.Locator("[data-field=position]").FillAsync("-1");
        await form.Locator("[data-action=save-component]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-notice]")).ToContainTextAsync("Saved “Refunds and reversals”");
        await Assertions.Expect(page.Locator("tr[data-component]").First).ToHaveAttributeAsync("data-component", "refunds");
        await Browser.ScreenshotAsync(page, "ops-components");

        var components = (await admin.GetJsonAsync("/api/v1/components")).EnumerateArray().ToList();
        Assert.Equal("refunds", components[0].Text("key"));
        Assert.Equal(("Refunds and reversals", "退款与冲正"), (components[0].GetProperty("names").Text("en"), components[0].GetProperty("names").Text("zh-CN")));
        await Wait.ForAsync(() => App.Client().GetStringAsync("/?lang=zh-CN", Ct), html => html.Contains("退款与冲正", StringComparison.Ordinal),
            "the public page in Chinese naming the renamed component");

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

}
