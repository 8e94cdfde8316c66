using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace StatusBoard.Tests.Web;

/// <summary>
/// A wallet user subscribes as people do, in Chromium with JavaScript off: types an address on the Chinese page, ticks
/// payments, follows the link of the mail the loopback SMTP server received and presses the button; then an admin sees
/// the count in /ops/subscribers and removes the address. Every outcome is read through the API.
/// </summary>
[Trait("Surface", "browser")]
public sealed partial class SubscribeBrowserTests : BrowserTest
{
    private static readonly LoopbackSmtp Smtp = new();

    public SubscribeBrowserTests()
        : base(new StatusBoardApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Page:Url"] = "https://status.example",
            ["StatusBoard:Notifications:PollInterval"] = "00:00:00.100",
            ["StatusBoard:Notifications:Smtp:Host"] = "127.0.0.1",
            ["StatusBoard:Notifications:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["StatusBoard:Notifications:Smtp:Security"] = "none",
        }))
    {
    }

    [Fact]
    public async Task AReaderSubscribesOnTheChinesePageWithoutJavaScript_Confirms_AndAnAdminRemovesThem()
    {
        var page = await NewPageAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        await page.GotoAsync($"{BaseUrl}/?lang=zh-CN");
        await page.FillAsync("#subscribe input[name=email]", "chen.jing@example.com");
        await page.CheckAsync("#subscribe input[name=component][value=payments]");
        await page.ClickAsync("#subscribe button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("/subscribers/pending", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("请查收邮件");

        await Wait.ForAsync(() => Task.FromResult(Smtp.Messages.Count(m => m.To.Contains("<chen.jing@example.com>"))), n => n == 1, "the confirmation mail");
        var (_, _, data) = Smtp.Messages.Single(m => m.To.Contains("<chen.jing@example.com>"));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(data));
        var mail = await MimeKit.MimeMessage.LoadAsync(stream, Ct);
        var link = new Uri(ConfirmLink().Match(mail.TextBody ?? "").Value);
        var pending = await App.Client(admin: true).GetJsonAsync("/api/v1/subscribers");
        Assert.Equal((0, 1), (pending.GetProperty("email").GetInt32(), pending.GetProperty("pending").GetInt32()));

        await page.GotoAsync($"{BaseUrl}{link.PathAndQuery}");
        await page.ClickAsync("[data-action=confirm]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("订阅成功");
        await Browser.ScreenshotAsync(page, "subscribe-confirmed-zh-CN-390");
        var confirmed = await App.Client(admin: true).GetJsonAsync("/api/v1/subscribers");
        Assert.Equal((1, 0, 1), (confirmed.GetProperty("email").GetInt32(), confirmed.GetProperty("pending").GetInt32(), confirmed.GetProperty("components").GetProperty("payments").GetInt32()));
        await page.Context.CloseAsync();

        var ops = await NewPageAsync(1280, 900);
        await Browser.SignInAsync(ops, BaseUrl, "/ops/subscribers");
        await Browser.InteractiveAsync(ops);
        await Assertions.Expect(ops.Locator("[data-count=email]")).ToHaveTextAsync("1");
        await Assertions.Expect(ops.Locator("body")).Not.ToContainTextAsync("chen.jing");
        await ops.FillAsync("[data-field=address]", "chen.jing@example.com");
        await ops.ClickAsync("[data-action=remove-subscriber]");
        await Assertions.Expect(ops.Locator("[data-count=email]")).ToHaveTextAsync("0");
        await Browser.ScreenshotAsync(ops, "ops-subscribers");
        Assert.Equal(0, (await App.Client(admin: true).GetJsonAsync("/api/v1/subscribers")).GetProperty("email").GetInt32());
        await ops.Context.CloseAsync();
    }

    [GeneratedRegex(@"https://status\.example/subscribers/confirm\?\S+")]
    private static partial Regex ConfirmLink();
}
