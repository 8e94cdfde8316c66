using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// /ops without a mouse, in Chromium: sign in, add a component, and delete a probe through its confirmation using
/// only Tab, typing, Enter and Space; where focus is, a person can see it. Checked through the API.
/// </summary>
[Trait("Surface", "browser")]
public sealed class KeyboardBrowserTests : BrowserTest
{
    [Fact]
    public async Task SignInAddAComponentAndDeleteAProbe_WithTheKeyboardOnly()
    {
        var admin = App.Client(admin: true);
        using (var probe = await admin.PostAsJsonAsync("/api/v1/probes", new
        {
            key = "balance-keyboard", name = "Balance to delete", component = "balance", kind = "http", regions = new[] { "sg" }, interval = "1h", timeout = "2s",
            request = new { url = "{sandbox}/{region}/v2/balance" }, conditions = new[] { "[STATUS] == 200" },
        }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, probe.StatusCode);
        }

        var page = await NewPageAsync(1440, 1000);

        await page.GotoAsync($"{BaseUrl}/ops/components", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await TabToAsync(page, "input[name=Email]");
        await page.Keyboard.TypeAsync(StatusBoardApp.AdminEmail);
        await TabToAsync(page, "input[name=Password]");
        await page.Keyboard.TypeAsync(StatusBoardApp.AdminPassword);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"{BaseUrl}/ops/components", Browser.SignedIn);
        await Browser.InteractiveAsync(page);

        await TabToAsync(page, "[data-form=component] [data-field=key]");
        await page.Keyboard.TypeAsync("vouchers");
        await TabToAsync(page, "[data-form=component] [data-field='names.en']");
        await page.Keyboard.TypeAsync("Vouchers");
        await TabToAsync(page, "[data-action=save-component]");
        await AssertFocusIsVisibleAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await Browser.ToastAsync(page, "Added “Vouchers”");
        Assert.Contains((await admin.GetJsonAsync("/api/v1/components")).EnumerateArray(), c => c.Text("key") == "vouchers");

        // A destructive action by keyboard: Delete asks, focus moves to its "Yes", Space confirms.
        await page.GotoAsync($"{BaseUrl}/ops/probes/balance-keyboard");
        await Browser.InteractiveAsync(page);
        await TabToAsync(page, "[data-action=delete]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-action=confirm-delete]")).ToBeFocusedAsync();
        await AssertFocusIsVisibleAsync(page);
        await page.Keyboard.PressAsync("Space");
        await page.WaitForURLAsync($"{BaseUrl}/ops", Browser.SignedIn);
        await Wait.ForAsync(async () => (await admin.GetAsync("/api/v1/probes/balance-keyboard", Ct)).StatusCode, status => status == HttpStatusCode.NotFound, "the probe deleted");
        await page.Context.CloseAsync();
    }

    /// <summary>Presses Tab until <paramref name="selector"/> has focus: it is reachable by keyboard, in at most 80 stops.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var stop = 0; stop < 80; stop++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"{selector} was not reached with Tab in 80 stops");
    }

    /// <summary>The focused element shows a ring: an outline or a box shadow.</summary>
    private static async Task AssertFocusIsVisibleAsync(IPage page)
    {
        var ring = await page.EvaluateAsync<string>(
            "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? 'outline ' + s.outlineWidth : s.boxShadow !== 'none' ? 'shadow' : ''; }");
        Assert.False(string.IsNullOrEmpty(ring), "the focused element shows no focus ring");
    }
}
