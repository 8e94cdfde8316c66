using Microsoft.Playwright;

namespace StatusBoard.Tests.Support;

/// <summary>
/// What a test of pages in Chromium starts from: an app on a real loopback port (started before the first page) and a
/// browser, both closed after the test; pages open in their own context at a given size.
/// </summary>
public abstract class BrowserTest(StatusBoardApp app) : IAsyncLifetime
{
    private Browser? _browser;

    protected BrowserTest()
        : this(new StatusBoardApp())
    {
    }

    protected StatusBoardApp App { get; } = app;

    protected string BaseUrl => App.ClientOptions.BaseAddress.ToString().TrimEnd('/');

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The browser, for tests that open contexts of their own (a locale, several users).</summary>
    protected IBrowser Chromium => _browser!.Chromium;

    public async ValueTask InitializeAsync()
    {
        App.Client();
        _browser = await Browser.LaunchAsync();
    }

    /// <summary>A page in a context of its own (close it with <c>page.Context.CloseAsync()</c>).</summary>
    protected Task<IPage> NewPageAsync(int width = 1440, int height = 1000) =>
        NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });

    protected async Task<IPage> NewPageAsync(BrowserNewContextOptions options)
    {
        var context = await _browser!.Chromium.NewContextAsync(options);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
