using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// The first admin changes the generated password as the README tells them to: from their name in the /ops bar, on the
/// page, in Chromium. A wrong current password or a mismatch is said on the form, per field; once changed, the new
/// password lets them in, the old one does not, their other sessions have ended and this browser is still signed in.
/// </summary>
[Trait("Surface", "browser")]
public sealed class ChangePasswordBrowserTests : BrowserTest
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task ChangingMyPassword_OnThePage_LetsTheNewOneIn_KeepsTheOldOneOut_AndEndsMyOtherSessions()
    {
        var elsewhere = App.CookieClient();
        Assert.Equal(HttpStatusCode.Redirect, (await StatusBoardApp.SignInAsync(elsewhere, StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/ops", Ct)).StatusCode);

        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await Browser.SignInAsync(page, BaseUrl, "/ops");
        await page.ClickAsync("a.ops-user");
        await page.WaitForURLAsync($"{BaseUrl}/account/password", Browser.SignedIn);

        // A wrong current password and a new one typed differently the second time: both said, each by its field.
        await page.FillAsync("input[name=Current]", "not my password at all");
        await page.FillAsync("input[name=Password]", NewPassword);
        await page.FillAsync("input[name=Repeat]", NewPassword + " typo");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("error=", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator("[data-field=current]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-field=repeat]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-field=password]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("input[name=Current]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Browser.ScreenshotAsync(page, "account-password-refused");
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/ops", Ct)).StatusCode);

        await page.FillAsync("input[name=Current]", StatusBoardApp.AdminPassword);
        await page.FillAsync("input[name=Password]", NewPassword);
        await page.FillAsync("input[name=Repeat]", NewPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("changed=1", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(page.Locator(".signin-done")).ToContainTextAsync("Your password is changed");
        await Browser.ScreenshotAsync(page, "account-password-changed");

        // The other session has ended; this browser goes on.
        using var ended = await elsewhere.GetAsync("/ops", Ct);
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Contains("/signin", ended.Headers.Location?.OriginalString, StringComparison.Ordinal);
        await page.GotoAsync($"{BaseUrl}/ops", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        Assert.Equal($"{BaseUrl}/ops", page.Url);

        // The new password lets in through the real form; the old one is wrong now.
        using var withNew = await StatusBoardApp.SignInAsync(App.CookieClient(), StatusBoardApp.AdminEmail, NewPassword);
        Assert.Equal("/ops", withNew.Headers.Location?.OriginalString);
        using var withOld = await StatusBoardApp.SignInAsync(App.CookieClient(), StatusBoardApp.AdminEmail, StatusBoardApp.AdminPassword);
        Assert.Contains("error=invalid", withOld.Headers.Location?.OriginalString, StringComparison.Ordinal);
        await context.CloseAsync();
    }
}
