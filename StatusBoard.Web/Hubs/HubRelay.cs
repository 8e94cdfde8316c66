using Microsoft.AspNetCore.SignalR;
using StatusBoard.Web.Live;

namespace StatusBoard.Web.Hubs;

/// <summary>Relays the live feed to hub clients: status changes to all, results to the signed-in group.</summary>
public sealed class HubRelay(IHubContext<StatusHub> hub, ResultFeed feed, StatusChanges changes, ILogger<HubRelay> logger) : IHostedService
{
    private IDisposable? _results;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _results = feed.Subscribe(result => _ = SendAsync(hub.Clients.Group(StatusHub.ResultsGroup).SendAsync("result", HubMessages.Result(result), CancellationToken.None)));
        changes.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Changed -= OnChanged;
        _results?.Dispose();
        return Task.CompletedTask;
    }

    private void OnChanged(IReadOnlyList<Probes.Health.ComponentHealth> all, IReadOnlyList<Probes.Health.ComponentHealth> changed) =>
        _ = SendAsync(hub.Clients.All.SendAsync("components", HubMessages.Components(all), CancellationToken.None));

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
