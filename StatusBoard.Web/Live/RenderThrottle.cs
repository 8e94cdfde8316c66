namespace StatusBoard.Web.Live;

/// <summary>
/// Turns any number of pokes into at most one render per <c>interval</c>, and one at least every <c>refresh</c> even
/// without pokes (so that time-based states such as blind appear). Renders never overlap.
/// </summary>
public sealed class RenderThrottle : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _refresh;
    private readonly Func<Task> _render;
    private readonly ITimer _timer;
    private int _dirty;
    private int _rendering;
    private DateTimeOffset _lastRender;

    public RenderThrottle(TimeProvider time, TimeSpan interval, TimeSpan refresh, Func<Task> render)
    {
        _time = time;
        _refresh = refresh;
        _render = render;
        _lastRender = time.GetUtcNow();
        _timer = time.CreateTimer(_ => Tick(), null, interval, interval);
    }

    public long Renders { get; private set; }

    public void Poke() => Volatile.Write(ref _dirty, 1);

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        var now = _time.GetUtcNow();
        if (Volatile.Read(ref _dirty) == 0 && now - _lastRender < _refresh)
        {
            return;
        }

        if (Interlocked.Exchange(ref _rendering, 1) == 1)
        {
            return;
        }

        Volatile.Write(ref _dirty, 0);
        _lastRender = now;
        Renders++;
        _ = RenderAsync();
    }

    private async Task RenderAsync()
    {
        try
        {
            await _render();
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between the tick and the render.
        }
        finally
        {
            Volatile.Write(ref _rendering, 0);
        }
    }
}
