using Microsoft.Extensions.Hosting;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Cluster;

/// <summary>
/// Which node runs what one node at a time must run: the probe scheduler, the incident engine, notification delivery.
/// On SQLite there is one node and it always leads. On PostgreSQL the nodes share a lease row: the holder renews it every
/// <see cref="ClusterOptions.LeaseRenewal"/>; once it has gone unrenewed for <see cref="ClusterOptions.LeaseDuration"/>
/// (the holder died) another node takes it; one that stops hands the lease back at once.
/// A holder that cannot reach the database keeps leading: it keeps probing, its results wait in the writer's buffer,
/// and when the database is back it learns whether its lease held. When PostgreSQL itself is away no other node can
/// take the lease either; when only this node lost it (a network partition), another takes over after the lease
/// runs out, both probe until this one is back and finds the lease taken and steps down — results carry their own
/// ids and incidents and notifications go through the database, so nothing is stored or sent twice.
/// </summary>
public sealed class Leadership : BackgroundService
{
    public const string LeaseName = "primary";

    private readonly Database _database;
    private readonly LeaseStore _leases;
    private readonly ClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<Leadership> _logger;
    private volatile bool _leading;
    private DateTimeOffset _renewedAt;

    public Leadership(Database database, LeaseStore leases, IOptions<ClusterOptions> options, TimeProvider time, ILogger<Leadership> logger)
    {
        _database = database;
        _leases = leases;
        _options = options.Value;
        _time = time;
        _logger = logger;
        Node = _options.NodeName is { Length: > 0 } name ? name : $"{Environment.MachineName}:{Environment.ProcessId}";
        _leading = !database.Shared;
    }

    /// <summary>This node's name in the lease.</summary>
    public string Node { get; }

    public bool IsLeading => _leading;

    /// <summary>Raised when this node starts or stops leading, with the new state.</summary>
    private readonly Subscribers<bool> _changes = new();

    /// <summary>Tells <paramref name="listener"/> each time this node starts or stops leading, until disposed.</summary>
    public IDisposable SubscribeChanges(Action<bool> listener) => _changes.Subscribe(listener);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_database.Shared)
        {
            return;
        }

        await _database.MigrateAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await TryLeadAsync(stoppingToken);
            await Task.Delay(_options.LeaseRenewal, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_database.Shared && _leading)
        {
            Set(false);
            try
            {
                await _leases.ReleaseAsync(LeaseName, Node, cancellationToken);
                _logger.LogInformation("Node {Node} handed the lease back", Node);
            }
            catch (Exception exception) when (Database.Describe(exception) is not null || exception is OperationCanceledException or ObjectDisposedException)
            {
                // Stopping while the database is already closed (a host stopped twice, a shutdown racing its disposal).
                _logger.LogWarning(exception, "Node {Node} could not hand the lease back; another node takes it when it runs out", Node);
            }
        }
    }

    private async Task TryLeadAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            var taken = await _leases.TryHoldAsync(LeaseName, Node, now + _options.LeaseDuration, now, cancellationToken);
            if (taken)
            {
                _renewedAt = now;
            }

            Set(taken);
        }
        catch (Exception exception) when (Database.Describe(exception) is not null)
        {
            // Unsure whether it still holds the lease, and nobody to ask: it goes on as it was (see above).
            _logger.LogWarning("Node {Node} could not reach the database to renew the lease (renewed {Ago:0} s ago); it {Goes}: {Problem}",
                Node, (now - _renewedAt).TotalSeconds, _leading ? "keeps leading until it learns otherwise" : "stays on standby", Database.Describe(exception));
        }
    }

    private void Set(bool leading)
    {
        if (_leading == leading)
        {
            return;
        }

        _leading = leading;
        if (leading)
        {
            _logger.LogInformation("Node {Node} now leads: it runs the scheduler, the incident engine and notifications", Node);
        }
        else
        {
            _logger.LogInformation("Node {Node} no longer leads", Node);
        }

        _changes.Publish(leading);
    }
}
