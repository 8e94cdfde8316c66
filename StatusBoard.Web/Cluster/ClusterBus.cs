using System.Threading.Channels;
using StackExchange.Redis;
using StatusBoard.Probes.Cluster;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Cluster;

/// <summary>
/// What web nodes tell each other through Redis (<c>StatusBoard:Cluster:Redis</c>): every result a node takes (its own
/// runs, agents' batches posted to it), so each node's health, dashboards and public page see them all; and that the
/// configuration changed, so each reads its catalog, maintenance windows and channels again. Results are stored by the
/// node that took them; what travels here only updates memory. Without Redis configured, nothing is sent.
/// While Redis is away each node reads the results the others stored from the database every
/// <see cref="AwayPoll"/>, and once more when it is back, so its health and live views miss none and count none twice.
/// </summary>
public sealed partial class ClusterBus(
    IOptions<ClusterOptions> options,
    ResultPipeline pipeline,
    ClusterSignals signals,
    Leadership leadership,
    IResultStore store,
    TimeProvider time,
    ConfigurationReload reload,
    ILogger<ClusterBus> logger) : BackgroundService
{
    /// <summary>How often the database is read for other nodes' results while Redis is away.</summary>
    public static readonly TimeSpan AwayPoll = TimeSpan.FromSeconds(2);

    /// <summary>How late a result may be stored after it began (an agent's batch, the writer's batching) and still be read.</summary>
    private static readonly TimeSpan LateBy = TimeSpan.FromSeconds(30);

    // The ids of the results this node has (its own and its peers'), recent ones only: what is read back from the
    // database, or arrives again through Redis once it is back, is not counted twice.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _known = new(StringComparer.Ordinal);
    private readonly Lock _awayGate = new();
    private bool _away;
    private bool _catchUp;
    private DateTimeOffset _watermark;

    private readonly RedisChannel _resultsChannel = RedisChannel.Literal($"{options.Value.Name}:results");
    private readonly RedisChannel _changesChannel = RedisChannel.Literal($"{options.Value.Name}:changes");
    private const int MaxBatch = 500;

    /// <summary>How often each node reads the configuration again even without a message.</summary>
    public static readonly TimeSpan Reread = TimeSpan.FromMinutes(1);

    private readonly Channel<ProbeResult> _outgoing = Channel.CreateBounded<ProbeResult>(new BoundedChannelOptions(100_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private ConnectionMultiplexer? _redis;
    private CancellationToken _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        if (options.Value.Redis is not { Length: > 0 } configuration)
        {
            return;
        }

        var redisOptions = ConfigurationOptions.Parse(configuration);
        redisOptions.AbortOnConnectFail = false;
        _redis = await ConnectionMultiplexer.ConnectAsync(redisOptions);
        _redis.ConnectionFailed += (_, failure) => Away(failure.Exception?.Message ?? failure.FailureType.ToString());
        _redis.ConnectionRestored += (_, _) => Back();
        if (!_redis.IsConnected)
        {
            Away("not reachable at start");
        }

        var subscriber = _redis.GetSubscriber();

        // Redis away at start is no reason not to serve: keep trying; meanwhile this node shows what it takes itself.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await subscriber.SubscribeAsync(_resultsChannel, (_, message) => OnResults(message));
                await subscriber.SubscribeAsync(_changesChannel, (_, message) => OnChange(message));
                break;
            }
            catch (RedisException exception)
            {
                logger.LogWarning("Cannot subscribe to Redis yet ({Problem}); trying again in 5 s", exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        using var results = pipeline.SubscribeAcceptedHere(Enqueue);
        using var changes = signals.SubscribeConfigurationChanges(AnnounceChange);
        logger.LogInformation("Node {Node} shares results and changes through Redis", leadership.Node);
        try
        {
            await Task.WhenAll(SendAsync(subscriber, stoppingToken), RereadAsync(stoppingToken), ReadWhileAwayAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_redis is not null)
        {
            await _redis.CloseAsync();
            _redis.Dispose();
        }
    }

    private void Enqueue(ProbeResult result)
    {
        _known[result.Id] = result.StartedAt;
        _outgoing.Writer.TryWrite(result);
    }

    private async Task SendAsync(ISubscriber subscriber, CancellationToken cancellationToken)
    {
        var batch = new List<ProbeResult>(MaxBatch);
        while (await _outgoing.Reader.WaitToReadAsync(cancellationToken))
        {
            while (batch.Count < MaxBatch && _outgoing.Reader.TryRead(out var result))
            {
                batch.Add(result);
            }

            try
            {
                await subscriber.PublishAsync(_resultsChannel, Json.Serialize(new ResultsMessage(leadership.Node, batch)));
            }
            catch (RedisException exception)
            {
                logger.LogWarning("Could not pass {Count} results to the other nodes: {Problem}", batch.Count, exception.Message);
            }

            batch.Clear();
        }
    }

    private void OnResults(RedisValue message)
    {
        if (Json.Deserialize<ResultsMessage>(message.ToString()) is not { } received || received.Node == leadership.Node)
        {
            return;
        }

        foreach (var result in received.Results)
        {
            if (_known.TryAdd(result.Id, result.StartedAt))
            {
                pipeline.AcceptFromPeer(result);
            }
        }
    }

    private void AnnounceChange()
    {
        if (_redis is { } redis)
        {
            _ = PublishChangeAsync(redis.GetSubscriber());
        }
    }

    private async Task PublishChangeAsync(ISubscriber subscriber)
    {
        try
        {
            await subscriber.PublishAsync(_changesChannel, leadership.Node);
        }
        catch (RedisException exception)
        {
            logger.LogWarning("Could not tell the other nodes of a configuration change: {Problem}", exception.Message);
        }
    }

    private void OnChange(RedisValue message)
    {
        if (message.ToString() != leadership.Node)
        {
            _ = ReloadAsync();
        }
    }

    /// <summary>
    /// Reads the configuration again every <see cref="Reread"/> whatever Redis says, so a change whose message was lost
    /// (Redis away for a moment) is in this node's memory a minute later at most.
    /// </summary>
    private async Task RereadAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(Reread, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!cancellationToken.IsCancellationRequested)
            {
                await ReloadAsync();
            }
        }
    }

    /// <summary>Another node changed the configuration: read it again, without announcing it back.</summary>
    private Task ReloadAsync() => reload.ReloadAsync(_stopping);

    private sealed record ResultsMessage(string Node, IReadOnlyList<ProbeResult> Results);
}
