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
            return TypedResults.Ok(directory.All.Select(View).ToList());
        }).RequireAuthorization(Roles.Viewer);
        channels.MapGet("/types", () => TypedResults.Ok(Probes.Notifications.Channels.ChannelTypes.All.Select(type =>
            new ChannelTypeView(type.Name, type.Summary, type.DefaultLanguage, [.. type.Settings.Select(setting => new ChannelSettingView(setting.Name, setting.Required, setting.Secret, setting.Help))])).ToList()))
            .RequireAuthorization(Roles.Viewer);
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
        }).RequireAuthorization(Roles.Admin).ReadsJson<ChannelOptions>().Answers<ChannelView>();
        channels.MapDelete("/{name}", async (string name, ChannelDirectory directory, CancellationToken cancellationToken) =>
        {
            await directory.EnsureLoadedAsync(cancellationToken);
            return directory.Find(name) switch
            {
                null => JsonBody.Problem(StatusCodes.Status404NotFound, "Channel not found", $"There is no channel '{name}'."),
                { Source: DefinitionSource.Configuration } => JsonBody.Problem(StatusCodes.Status409Conflict, "Conflict", $"'{name}' is defined in configuration; change it there."),
                _ => await directory.DeleteAsync(name, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound(),
            };
        }).RequireAuthorization(Roles.Admin).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        channels.MapPost("/{name}/test", async Task<IResult> (string name, ChannelDirectory directory, Outbox outbox, TimeProvider time, CancellationToken cancellationToken) =>
        {
            await directory.EnsureLoadedAsync(cancellationToken);
            if (directory.Find(name) is null)
            {
                return JsonBody.Problem(StatusCodes.Status404NotFound, "Channel not found", $"There is no channel '{name}'.");
            }

            var test = NotificationEvent.TestFor(name, time.GetUtcNow());
            await outbox.EnqueueAsync(test, [name], cancellationToken);
            return TypedResults.Accepted((string?)null, new QueuedEvent(test.Id));
        }).RequireAuthorization(Roles.Admin).Answers<QueuedEvent>(StatusCodes.Status202Accepted, notFound: true);
        return app;
    }

    /// <summary>A channel without its secret or URL token: they are credentials.</summary>
    public static ChannelView View(Channel channel) => new(
        channel.Name,
        channel.Options.Type,
        channel.Options.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? $"{parsed.Scheme}://{parsed.Authority}/…" : null,
        channel.Options.To,
        channel.Options.Events,
        channel.Options.Template,
        channel.Options.ChatId,
        channel.Options.Lang,
        channel.Options.Components,
        channel.Options.MinImpact,
        channel.Options.EscalateAfter,
        channel.Options.EscalateTo,
        HasSecret: !string.IsNullOrEmpty(channel.Options.Secret),
        Keyed: !string.IsNullOrEmpty(channel.Options.RoutingKey) || !string.IsNullOrEmpty(channel.Options.ApiKey),
        Source: channel.Source == DefinitionSource.Configuration ? "configuration" : "api");
}

/// <summary>
/// A channel as the API shows it: its routing and settings without credentials — the URL cut to its scheme and host,
/// <c>signed</c> when it has a signing secret, <c>keyed</c> when it has a routing or API key.
/// </summary>
public sealed record ChannelView(string Name, string Type, string? Url, IReadOnlyList<string> To, IReadOnlyList<string> Events, string? Template, string? ChatId, string? Lang,
    IReadOnlyList<string> Components, string? MinImpact, string? EscalateAfter, string? EscalateTo,
    [property: System.Text.Json.Serialization.JsonPropertyName("signed")] bool HasSecret, bool Keyed, string Source);

/// <summary>A channel type: what it is, the language its messages default to, and each setting it takes.</summary>
public sealed record ChannelTypeView(string Name, string Summary, string Lang, IReadOnlyList<ChannelSettingView> Settings);

public sealed record ChannelSettingView(string Name, bool Required, bool Secret, string Help);

/// <summary>An event queued for delivery: <c>/api/v1/notification-channels/deliveries</c> shows how it went.</summary>
public sealed record QueuedEvent(string EventId);
