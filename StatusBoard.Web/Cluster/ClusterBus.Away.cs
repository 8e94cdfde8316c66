using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Cluster;

/// <summary>While Redis is away: the other nodes' stored results read from the database, and once more when it is back.</summary>
public sealed partial class ClusterBus
{
    private void Away(string problem)
    {
        lock (_awayGate)
        {
            if (_away)
            {
                return;
            }

            _away = true;
            // From a little before it was noticed: what the others stored just before is read too (known ids are skipped).
            _watermark = time.GetUtcNow() - LateBy;
        }

        logger.LogWarning("Redis is away ({Problem}): node {Node} reads the other nodes' results from the database every {Poll} s until it is back", problem, leadership.Node, AwayPoll.TotalSeconds);
    }

    private void Back()
    {
        lock (_awayGate)
        {
            if (!_away)
            {
                return;
            }

            _away = false;
            _catchUp = true;
        }

        logger.LogWarning("Redis is back: node {Node} shares results through it again", leadership.Node);
    }

    /// <summary>
    /// While Redis is away, and once after it is back: the results stored since the outage began that this node has
    /// not had, in the order they began, as if a peer had sent them.
    /// </summary>
    private async Task ReadWhileAwayAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(AwayPoll, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            bool due;
            DateTimeOffset since;
            lock (_awayGate)
            {
                due = _away || _catchUp;
                _catchUp = false;
                since = _watermark;
            }

            var now = time.GetUtcNow();
            if (due && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var stored = await store.QueryAsync(new ResultQuery(Since: since, Limit: 20_000), cancellationToken);
                    foreach (var result in stored.OrderBy(r => r.StartedAt))
                    {
                        if (_known.TryAdd(result.Id, result.StartedAt))
                        {
                            pipeline.AcceptFromPeer(result);
                        }
                    }

                    if (stored.Count > 0)
                    {
                        lock (_awayGate)
                        {
                            _watermark = Max(_watermark, stored.Max(r => r.StartedAt) - LateBy);
                        }
                    }
                }
                catch (Exception exception) when (Database.Describe(exception) is not null)
                {
                    logger.LogWarning("Reading other nodes' results from the database failed: {Problem}", Database.Describe(exception));
                }
            }

            // Recent ids only: a minute behind what is read while away, otherwise as far back as an outage's first read goes.
            var keep = due ? since - TimeSpan.FromMinutes(1) : now - LateBy - TimeSpan.FromSeconds(10);
            foreach (var (id, startedAt) in _known)
            {
                if (startedAt < keep)
                {
                    _known.TryRemove(id, out _);
                }
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
