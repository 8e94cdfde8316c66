using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Notifications;
using StatusBoard.Web.Accounts;

namespace StatusBoard.Web.Api;

/// <summary>
/// <c>/api/v1/notification-channels</c>: the channels (secrets never shown), admins add, change and delete stored ones,
/// and send a test; <c>GET /api/v1/notification-channels/deliveries</c> shows what was sent and what keeps failing, and
/// <c>GET /api/v1/notification-channels/types</c> every channel type with its settings.
/// </summary>
public static class ChannelsApi
{
    public static IEndpointRouteBuilder MapChannelsApi(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/api/v1/notification-channels").WithTags("Notifications");
        channels.MapGet("/", async (ChannelDirectory directory, CancellationToken cancellationToken) =>
        {
            await directory.EnsureLoadedAsync(cancellationToken);
            return TypedResults.Ok(directory.All.Select(View));
        }).RequireAuthorization(Roles.Viewer);
        channels.MapGet("/types", () => TypedResults.Ok(Probes.Notifications.Channels.ChannelTypes.All.Select(type => new
        {
            type.Name,
            type.Summary,
            lang = type.DefaultLanguage,
            settings = type.Settings.Select(setting => new { setting.Name, setting.Required, setting.Secret, setting.Help }),
        }))).RequireAuthorization(Roles.Viewer);
        channels.MapGet("/deliveries", async (Outbox outbox, CancellationToken cancellationToken) =>
            TypedResults.Ok(await outbox.RecentAsync(100, cancellationToken))).RequireAuthorization(Roles.Viewer);
        channels.MapPut("/{name}", async (string name, HttpContext http, ChannelDirectory directory) =>
        {
            var (channel, problem) = await JsonBody.ReadAsync<ChannelOptions>(http);
            if (problem is not null)
            {
                return problem;
            }

            channel!.Name ??= name;
            if (channel.Name != name)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [$"'{channel.Name}' does not match the address, '{name}'"] });
            }

            var errors = await directory.SaveAsync(channel, http.RequestAborted);
            return errors.IsEmpty ? TypedResults.Ok(View(directory.Find(name)!)) : TypedResults.ValidationProblem(errors.ToDictionary(), title: "The channel is invalid");
        }).RequireAuthorization(Roles.Admin);
        channels.MapDelete("/{name}", async (string name, ChannelDirectory directory, CancellationToken cancellationToken) =>
        {
            await directory.EnsureLoadedAsync(cancellationToken);
            return directory.Find(name) switch
            {
                null => JsonBody.Problem(StatusCodes.Status404NotFound, "Channel not found", $"There is no channel '{name}'."),
                { Source: DefinitionSource.Configuration } => JsonBody.Problem(StatusCodes.Status409Conflict, "Conflict", $"'{name}' is defined in configuration; change it there."),
                _ => await directory.DeleteAsync(name, cancellationToken) ? Results.NoContent() : Results.NotFound(),
            };
        }).RequireAuthorization(Roles.Admin);
        channels.MapPost("/{name}/test", async (string name, ChannelDirectory directory, Outbox outbox, TimeProvider time, CancellationToken cancellationToken) =>
        {
            await directory.EnsureLoadedAsync(cancellationToken);
            if (directory.Find(name) is null)
            {
                return JsonBody.Problem(StatusCodes.Status404NotFound, "Channel not found", $"There is no channel '{name}'.");
            }

            var test = NotificationEvent.TestFor(name, time.GetUtcNow());
            await outbox.EnqueueAsync(test, [name], cancellationToken);
            return Results.Accepted(value: new { eventId = test.Id });
        }).RequireAuthorization(Roles.Admin);
        return app;
    }

    /// <summary>A channel without its secret or URL token: they are credentials.</summary>
    public static object View(Channel channel) => new
    {
        channel.Name,
        channel.Options.Type,
        url = channel.Options.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? $"{parsed.Scheme}://{parsed.Authority}/…" : null,
        channel.Options.To,
        channel.Options.Events,
        channel.Options.Template,
        channel.Options.ChatId,
        channel.Options.Lang,
        channel.Options.Components,
        channel.Options.MinImpact,
        channel.Options.EscalateAfter,
        channel.Options.EscalateTo,
        signed = !string.IsNullOrEmpty(channel.Options.Secret),
        keyed = !string.IsNullOrEmpty(channel.Options.RoutingKey) || !string.IsNullOrEmpty(channel.Options.ApiKey),
        source = channel.Source == DefinitionSource.Configuration ? "configuration" : "api",
    };
}
