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

    /// <summary>
    /// A client that sends a key the server does not know is told so with a 401 at negotiation, rather than being
    /// quietly let in as anonymous and left wondering why no results arrive.
    /// </summary>
    public static IApplicationBuilder RefuseUnknownKeys(IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path;
        var sentKey = http.Request.Query.ContainsKey("access_token") || http.Request.Headers.Authorization.Count > 0;
        if (path.StartsWithSegments(Path) && sentKey && http.User.Identity?.IsAuthenticated != true)
        {
            await Api.JsonBody.WriteProblemAsync(http.Response, StatusCodes.Status401Unauthorized, "Unknown API key",
                "The key sent to /hubs/status is unknown or revoked. Connect without one for status changes only.");
            return;
        }

        await next(http);
    });

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
