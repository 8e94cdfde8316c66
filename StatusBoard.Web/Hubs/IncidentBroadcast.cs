using Microsoft.AspNetCore.SignalR;
using StatusBoard.Probes.Incidents;
using StatusBoard.Web.Api;

namespace StatusBoard.Web.Hubs;

/// <summary>
/// Tells every hub client, anonymous ones included, when an incident opens, changes or resolves: <c>incident</c> with
/// <c>change</c> (<c>opened</c>, <c>updated</c>, <c>resolved</c>) and the incident as <c>/api/v1/incidents/{id}</c>
/// gives it (public fields only). Sent by the node where the change happened; the Redis backplane carries it to the others.
/// </summary>
public sealed class IncidentBroadcast(IHubContext<StatusHub> hub, ILogger<IncidentBroadcast> logger) : IIncidentObserver
{
    public async Task OnIncidentChangedAsync(Incident previous, Incident current, CancellationToken cancellationToken)
    {
        var change = current.Status == IncidentStatus.Resolved ? "resolved" : previous.Updates.Count == 0 ? "opened" : "updated";
        try
        {
            await hub.Clients.All.SendAsync("incident", new { change, incident = IncidentsApi.Public(current) }, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A client that cannot be told is no reason to fail the change: the next status message and a reload correct it.
            logger.LogWarning(exception, "Telling hub clients of incident {Id} failed", current.Id);
        }
    }
}
