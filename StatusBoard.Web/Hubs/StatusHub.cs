using Microsoft.AspNetCore.SignalR;
using StatusBoard.Web.Live;

namespace StatusBoard.Web.Hubs;

/// <summary>
/// <c>/hubs/status</c>: component status changes to anyone ("components", with every component's status and scope);
/// individual results ("result") only to clients signed in by cookie or API key (bearer header or <c>access_token</c>).
/// </summary>
public sealed class StatusHub(StatusChanges changes) : Hub
{
    public const string Path = "/hubs/status";
    public const string ResultsGroup = "results";

    public override async Task OnConnectedAsync()
    {
        if (Context.User?.Identity?.IsAuthenticated == true)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ResultsGroup);
        }

        await Clients.Caller.SendAsync("components", HubMessages.Components(changes.Current));
        await base.OnConnectedAsync();
    }
}
