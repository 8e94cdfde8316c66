using Microsoft.Playwright;

namespace StatusBoard.Tests.Web.Ops;

/// <summary>
/// What wallet users report reaches on-call: a report filed with the form on / shows on /ops/reports (its text as text),
/// the page takes new reports as they arrive, and once reports from enough networks run above the usual the board links
/// to them.
/// </summary>
[Trait("Surface", "browser")]
public sealed class UserReportsBrowserTests() : BrowserTest(new StatusBoardApp(new Dictionary<string, string?> { ["StatusBoard:Network:TrustedProxies:0"] = "127.0.0.1/32" }))
{
    [Fact]
    public async Task AReportFiledOnThePublicPage_ShowsOnOpsReports_AndElevatedReportsAreLinkedFromTheBoard()
    {
        // A wallet user, on the public page.
        var wallet = await NewPageAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        await wallet.GotoAsync($"{BaseUrl}/?lang=zh-CN", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await wallet.Locator("#report select[name=component]").SelectOptionAsync("payments");
        await wallet.Locator("#report select[name=symptom]").SelectOptionAsync("payment-failed");
        await wallet.Locator("#report textarea").FillAsync("<b>扣款了</b> 但订单显示失败");
        await wallet.Locator("#report button[type=submit]").ClickAsync();
        await wallet.WaitForURLAsync("**reported=thanks**", new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });

        // On-call, from the /ops bar: the report with its text as the user typed it.
        var ops = await NewPageAsync(1440, 1000);
        await Browser.SignInAsync(ops, BaseUrl, "/ops");
        await Assertions.Expect(ops.Locator(".reports-alert")).ToHaveCountAsync(0);
        await ops.ClickAsync(".ops-nav a[href='/ops/reports']");
        await ops.WaitForURLAsync($"{BaseUrl}/ops/reports", Browser.SignedIn);
        await Browser.InteractiveAsync(ops);
        var filed = Assert.Single((await App.Client(admin: true).GetJsonAsync("/api/v1/reports")).EnumerateArray());
        var row = ops.Locator($"tr[data-report='{filed.Text("id")}']");
        await Assertions.Expect(row.Locator(".report-text")).ToHaveTextAsync("<b>扣款了</b> 但订单显示失败");
        await Assertions.Expect(row).ToContainTextAsync("payment-failed");
        await Assertions.Expect(row).ToContainTextAsync("Payments");
        Assert.Equal(0, await ops.Locator(".report-text b").CountAsync());
        await Assertions.Expect(ops.Locator("tr[data-component=payments]")).ToHaveAttributeAsync("data-level", "normal");

        // Five more networks report payments while the page is open: it shows them without a reload, elevated.
        for (var network = 1; network <= 5; network++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = JsonContent.Create(new { component = "payments", symptom = "payment-failed", region = "sg" }) };
            request.Headers.Add("X-Forwarded-For", $"198.51.{network}.7");
            using var created = await App.Client().SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await Assertions.Expect(ops.Locator("tr[data-report]")).ToHaveCountAsync(6);
        await Assertions.Expect(ops.Locator("tr[data-component=payments]")).ToHaveAttributeAsync("data-level", "elevated");
        await Browser.ScreenshotAsync(ops, "ops-reports");

        // The board says so and links to them.
        await Browser.OpenAsync(ops, $"{BaseUrl}/ops");
        var alert = ops.Locator(".reports-alert");
        await Assertions.Expect(alert.Locator(".reports-raised[data-component=payments]")).ToHaveAttributeAsync("data-level", "elevated");
        await Browser.ScreenshotAsync(ops, "ops-board-reports-elevated");
        await alert.Locator("a[href='/ops/reports']").ClickAsync();
        await ops.WaitForURLAsync($"{BaseUrl}/ops/reports", Browser.SignedIn);
        await wallet.Context.CloseAsync();
        await ops.Context.CloseAsync();
    }

}
