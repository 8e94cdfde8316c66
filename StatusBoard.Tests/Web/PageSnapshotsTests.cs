using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StatusBoard.Web.Services;

namespace StatusBoard.Tests.Web;

public sealed class PageSnapshotsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly PageSnapshots _snapshots;
    private int _renders;

    public PageSnapshotsTests()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        _snapshots = new PageSnapshots(services.GetRequiredService<IServiceScopeFactory>(), _time, NullLogger<PageSnapshots>.Instance);
    }

    private Func<IServiceProvider, Task<byte[]>> Render(Task? gate = null, bool fail = false) => async _ =>
    {
        var n = Interlocked.Increment(ref _renders);
        if (gate is not null)
        {
            await gate;
        }

        return fail ? throw new InvalidOperationException("database is locked") : Encoding.UTF8.GetBytes($"page {n}");
    };

    private static string Text(byte[] html) => Encoding.UTF8.GetString(html);

    [Fact]
    public async Task Old_Page_IsServedAtOnce_WhileOneRenderReplacesIt()
    {
        Assert.Equal("page 1", Text(await _snapshots.GetAsync("en", Render())));
        Assert.Equal("page 1", Text(await _snapshots.GetAsync("en", Render())));
        Assert.Equal(1, _renders);

        _time.Advance(PageSnapshots.RefreshAfter);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var during = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _snapshots.GetAsync("en", Render(gate.Task))));
        Assert.All(during, html => Assert.Equal("page 1", Text(html)));
        Wait.For(() => _renders == 2, "the one background render");

        gate.SetResult();
        Wait.For(() => Text(_snapshots.GetAsync("en", Render()).Result) == "page 2", "the new page");
        Assert.Equal(2, _renders);
    }

    [Fact]
    public async Task PageOlderThanMaxAge_IsNeverServed_TheRequestWaitsForTheRender()
    {
        await _snapshots.GetAsync("en", Render());
        _time.Advance(_snapshots.MaxAge);

        Assert.Equal("page 2", Text(await _snapshots.GetAsync("en", Render())));
    }

    [Fact]
    public async Task Refresh_RendersWithoutARequest()
    {
        await _snapshots.RefreshAsync("en", Render());

        Assert.Equal(_time.GetUtcNow(), _snapshots.RenderedAt("en"));
        Assert.Equal("page 1", Text(await _snapshots.GetAsync("en", Render())));
        Assert.Equal(1, _renders);
    }

    [Fact]
    public async Task RefreshAskedDuringARender_RendersOnceMoreAfterIt_SoTheChangeIsShown()
    {
        await _snapshots.GetAsync("en", Render());
        _time.Advance(PageSnapshots.RefreshAfter);

        // A visitor's request starts a render that read the state before the change…
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.Equal("page 1", Text(await _snapshots.GetAsync("en", Render(gate.Task))));
        Wait.For(() => _renders == 2, "the visitor's render");

        // …then the change: the refresher's renders (asked twice meanwhile) are one more render after that one.
        var refreshes = new[] { _snapshots.RefreshAsync("en", Render()), _snapshots.RefreshAsync("en", Render()) };
        Assert.False(refreshes[0].IsCompleted);
        gate.SetResult();
        await Task.WhenAll(refreshes);

        Assert.Equal(3, _renders);
        Assert.Equal("page 3", Text(await _snapshots.GetAsync("en", Render())));
    }

    [Fact]
    public async Task FailedRender_KeepsTheLastGoodPage()
    {
        await _snapshots.GetAsync("zh-CN", Render());
        _time.Advance(PageSnapshots.RefreshAfter);

        Assert.Equal("page 1", Text(await _snapshots.GetAsync("zh-CN", Render(fail: true))));
        Wait.For(() => _renders == 2, "the failing render");
        Assert.Equal("page 1", Text(await _snapshots.GetAsync("zh-CN", Render(fail: true))));

        // The first request for a language has no page to fall back on: it gets the error.
        await Assert.ThrowsAsync<InvalidOperationException>(() => _snapshots.GetAsync("en", Render(fail: true)));
    }
}
