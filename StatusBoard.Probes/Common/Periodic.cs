namespace StatusBoard.Probes.Common;

/// <summary>
/// The loop of StatusBoard's background services: do the work now, then every interval until stopped. A failed round
/// is logged and the next one tries again; the service never dies of one bad round.
/// </summary>
public static class Periodic
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> work, ILogger logger, string what, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await work(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "{What} failed; trying again in {Interval}", what, interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }
}
