using System.Globalization;
using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// An admin announces, changes, ends and cancels maintenance from /ops in Chromium, as a person would: the window made
/// on the page turns its component under_maintenance in the API, "End now" gives it back, a refused form keeps what was
/// typed and says what is wrong by its field, the edit is stored, and a cancel asks first.
/// </summary>
[Trait("Surface", "browser")]
public sealed class MaintenanceBrowserTests : BrowserTest
{
    private static string Local(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task MaintenanceMadeOnThePage_PutsItsComponentUnderMaintenance_AndIsEditedEndedAndCancelledThere()
    {
        var admin = App.Client(admin: true);
        var page = await NewPageAsync(1440, 1000);
        await Browser.SignInAsync(page, BaseUrl, "/ops");
        await page.ClickAsync(".ops-nav a[href='/ops/maintenance']");
        await page.WaitForURLAsync($"{BaseUrl}/ops/maintenance", Browser.SignedIn);
        await Browser.InteractiveAsync(page);
        var form = page.Locator("[data-form=maintenance]");

        // Now, for payments: once scheduled, the API says payments is under maintenance.
        var now = TimeProvider.System.GetUtcNow();
        await form.Locator("[data-field=title]").FillAsync("Card gateway upgrade");
        await form.Locator("[data-field=startsAt]").FillAsync(Local(now.AddMinutes(-2)));
        await form.Locator("[data-field=endsAt]").FillAsync(Local(now.AddHours(1)));
        await form.Locator("input[data-component=payments]").CheckAsync();
        await form.Locator("[data-field=message]").FillAsync("Card payments may fail for a few minutes.");
        await form.Locator("[data-field=title-zh]").FillAsync("银行卡通道升级");
        await form.Locator("[data-field=message-zh]").FillAsync("银行卡支付可能短暂失败。");
        await form.Locator("[data-action=save-maintenance]").ClickAsync();
        await Browser.ToastAsync(page, "Scheduled “Card gateway upgrade”");

        var window = Assert.Single((await admin.GetJsonAsync("/api/v1/maintenance")).EnumerateArray());
        Assert.True(window.Text("status") == "in_progress", window.ToString());
        Assert.Equal(("Card gateway upgrade", "Card payments may fail for a few minutes."), (window.Text("title"), window.Text("message")));
        Assert.Equal(["payments"], window.GetProperty("components").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(("银行卡通道升级", "银行卡支付可能短暂失败。"), (window.GetProperty("titles").Text("zh-CN"), window.GetProperty("messages").Text("zh-CN")));
        await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/health"), h => h.Component("payments").Text("status") == "under_maintenance", "payments under maintenance");
        var running = page.Locator($"tr[data-maintenance='{window.Text("id")}']");
        await Assertions.Expect(running).ToHaveAttributeAsync("data-status", "in_progress");
        await Browser.ScreenshotAsync(page, "ops-maintenance-in-progress");

        // End now: the window is over and payments is no longer under maintenance.
        await running.Locator("[data-action=end-maintenance]").ClickAsync();
        await Assertions.Expect(running).ToHaveAttributeAsync("data-status", "completed");
        Assert.Equal("completed", (await admin.GetJsonAsync($"/api/v1/maintenance/{window.Text("id")}")).Text("status"));
        Assert.NotEqual("under_maintenance", (await admin.GetJsonAsync("/api/v1/health")).Component("payments").Text("status"));

        // A weekly one, first typed wrong: the refusal names the field and what was typed stays.
        var tomorrow = now.AddDays(1);
        await form.Locator("[data-field=title]").FillAsync("Weekly ledger vacuum");
        await form.Locator("[data-field=startsAt]").FillAsync(Local(tomorrow));
        await form.Locator("[data-field=endsAt]").FillAsync(Local(tomorrow.AddHours(-1)));
        await form.Locator("[data-field=recurrence]").SelectOptionAsync("weekly");
        await form.Locator("input[data-component=balance]").CheckAsync();
        await form.Locator("[data-action=save-maintenance]").ClickAsync();
        await Assertions.Expect(form.Locator("[data-error=endsAt]")).ToContainTextAsync("must be after startsAt");
        await Assertions.Expect(form.Locator("[data-field=title]")).ToHaveValueAsync("Weekly ledger vacuum");
        await Assertions.Expect(form.Locator("input[data-component=balance]")).ToBeCheckedAsync();
        await Browser.ScreenshotAsync(page, "ops-maintenance-refused");
        Assert.Single((await admin.GetJsonAsync("/api/v1/maintenance")).EnumerateArray());

        await form.Locator("[data-field=endsAt]").FillAsync(Local(tomorrow.AddHours(2)));
        await form.Locator("[data-action=save-maintenance]").ClickAsync();
        await Browser.ToastAsync(page, "Scheduled “Weekly ledger vacuum”");
        var weekly = (await admin.GetJsonAsync("/api/v1/maintenance")).EnumerateArray().Single(w => w.Text("title") == "Weekly ledger vacuum");
        Assert.Equal(("weekly", "scheduled"), (weekly.Text("recurrence"), weekly.Text("status")));
        var id = weekly.Text("id");

        // Edit: the form fills with the window; the change is what the API then holds.
        var row = page.Locator($"tr[data-maintenance='{id}']");
        await row.Locator("[data-action=edit-maintenance]").ClickAsync();
        await Assertions.Expect(form.Locator("[data-field=title]")).ToHaveValueAsync("Weekly ledger vacuum");
        await form.Locator("[data-field=title]").FillAsync("Weekly ledger vacuum, longer");
        await form.Locator("[data-field=endsAt]").FillAsync(Local(tomorrow.AddHours(3)));
        await form.Locator("[data-action=save-maintenance]").ClickAsync();
        await Browser.ToastAsync(page, "Saved “Weekly ledger vacuum, longer”");
        var changed = await admin.GetJsonAsync($"/api/v1/maintenance/{id}");
        Assert.Equal("Weekly ledger vacuum, longer", changed.Text("title"));
        Assert.Equal(Local(tomorrow.AddHours(3)), Local(DateTimeOffset.Parse(changed.Text("endsAt"), CultureInfo.InvariantCulture)));
        Assert.Equal(2, (await admin.GetJsonAsync("/api/v1/maintenance")).GetArrayLength());

        // Cancel asks first: "Keep it" keeps it; "Yes, cancel" removes a window that never started.
        await row.Locator("[data-action=cancel-maintenance]").ClickAsync();
        await Assertions.Expect(row.Locator(".confirm")).ToContainTextAsync("Cancel this window?");
        await Browser.ScreenshotAsync(page, "ops-maintenance-confirm");
        await row.Locator("[data-action=keep]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-action=cancel-maintenance]")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/maintenance/{id}", Ct)).StatusCode);
        await row.Locator("[data-action=cancel-maintenance]").ClickAsync();
        await row.Locator("[data-action=confirm-cancel-maintenance]").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/maintenance/{id}", Ct)).StatusCode);
        await page.Context.CloseAsync();
    }

}
