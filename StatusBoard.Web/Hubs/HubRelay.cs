using Microsoft.AspNetCore.SignalR;
using StatusBoard.Probes.Cluster;
using StatusBoard.Probes.Running;
using StatusBoard.Web.Live;

namespace StatusBoard.Web.Hubs;

/// <summary>
/// Relays the live feed to hub clients: status changes to all, results to the signed-in group. With several web nodes
/// the Redis backplane carries each message to every node's clients, so each is sent once: a result by the node that
/// took it, a status change by the node that leads (every node computes the same health).
/// </summary>
public sealed class HubRelay(IHubContext<StatusHub> hub, ResultPipeline pipeline, StatusChanges changes, Leadership leadership, ILogger<HubRelay> logger) : IHostedService
{
    private IDisposable? _results;
    private IDisposable? _statuses;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _results = pipeline.SubscribeAcceptedHere(OnResult);
        _statuses = changes.Subscribe(OnChanged);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _statuses?.Dispose();
        _results?.Dispose();
        return Task.CompletedTask;
    }

    private void OnResult(ProbeResult result) =>
        _ = SendAsync(hub.Clients.Group(StatusHub.ResultsGroup).SendAsync("result", HubMessages.Result(result), CancellationToken.None));

    private void OnChanged(StatusChange change)
    {
        if (leadership.IsLeading)
        {
            _ = SendAsync(hub.Clients.All.SendAsync("components", HubMessages.Components(change.All), CancellationToken.None));
        }
    }

    private async Task SendAsync(Task sending)
    {
        try
        {
            await sending;
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Sending to hub clients failed");
        }
    }
}
