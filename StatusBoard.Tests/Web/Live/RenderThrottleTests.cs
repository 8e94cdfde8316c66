using Microsoft.Extensions.Time.Testing;
using StatusBoard.Web.Live;

namespace StatusBoard.Tests.Web.Live;

public sealed class RenderThrottleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    [Fact]
    public void ThousandsOfPokes_RenderAtMostOncePerInterval()
    {
        var time = new FakeTimeProvider();
        var renders = 0;
        using var throttle = new RenderThrottle(time, Interval, Refresh, () => { renders++; return Task.CompletedTask; });

        for (var tick = 0; tick < 10; tick++)
        {
            for (var i = 0; i < 1_000; i++)
            {
                throttle.Poke();
            }

            time.Advance(Interval);
        }

        Assert.Equal(10, renders);
    }

    [Fact]
    public void NoPokes_RendersOnlyEveryRefresh()
    {
        var time = new FakeTimeProvider();
        var renders = 0;
        using var throttle = new RenderThrottle(time, Interval, Refresh, () => { renders++; return Task.CompletedTask; });

        for (var tick = 0; tick < 20; tick++)
        {
            time.Advance(Interval);
        }

        Assert.Equal(2, renders);
    }

    [Fact]
    public void SlowRender_IsNeverOverlapped()
    {
        var time = new FakeTimeProvider();
        var started = 0;
        var finish = new TaskCompletionSource();
        using var throttle = new RenderThrottle(time, Interval, Refresh, () => { started++; return finish.Task; });

        throttle.Poke();
        time.Advance(Interval);
        throttle.Poke();
        time.Advance(Interval);
        throttle.Poke();
        time.Advance(Interval);
        Assert.Equal(1, started);

        finish.SetResult();
        time.Advance(Interval);
        Assert.Equal(2, started);
    }

    [Fact]
    public void Disposed_RendersNoMore()
    {
        var time = new FakeTimeProvider();
        var renders = 0;
        var throttle = new RenderThrottle(time, Interval, Refresh, () => { renders++; return Task.CompletedTask; });

        throttle.Dispose();
        throttle.Poke();
        time.Advance(Refresh * 2);

        Assert.Equal(0, renders);
    }
}
