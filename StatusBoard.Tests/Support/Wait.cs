namespace StatusBoard.Tests.Support;

/// <summary>Waits on a condition with a deadline, never a fixed sleep.</summary>
internal static class Wait
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static void For(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        Assert.True(SpinWait.SpinUntil(condition, deadline ?? Deadline), $"timed out waiting for {what}");

    /// <summary>Polls an async condition until it holds or the deadline passes; returns the last value read.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? Deadline);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (timeout.IsCancellationRequested || !await tick.WaitForNextTickAsync(timeout.Token).AsTask().ContinueWith(t => !t.IsCanceled, TaskScheduler.Default))
            {
                Assert.Fail($"timed out waiting for {what}; last seen: {value}");
            }
        }
    }
}
