using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Live;

/// <summary>Fills the live statistics and the failure stream from storage at start, so a restart does not blank the dashboard.</summary>
public sealed class LiveSeed(IResultStore store, LiveStats stats, ResultFeed feed, TimeProvider time, ILogger<LiveSeed> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hourAgo = now - TimeSpan.FromMinutes(LiveStats.Minutes);
        try
        {
            stats.Seed(await store.RollupsAsync(new RollupQuery(RollupGrain.Minute, hourAgo, now), cancellationToken));
            var recent = await store.QueryAsync(new ResultQuery(Since: hourAgo, Limit: 5_000), cancellationToken);
            feed.Seed(recent.Where(r => r.Outcome is not (Outcome.Up or Outcome.Error)).OrderByDescending(r => r.StartedAt));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The dashboard fills from live results anyway; a failed warm-up must not stop the start.
            logger.LogError(exception, "Reading the last hour for the dashboard failed");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
