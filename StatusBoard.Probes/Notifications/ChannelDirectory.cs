namespace StatusBoard.Probes.Notifications;

/// <summary>A channel and where it is defined.</summary>
public sealed record Channel(string Name, ChannelOptions Options, DefinitionSource Source);

/// <summary>
/// The notification channels in force: those of configuration (<c>StatusBoard:Notifications:Channels</c>, read-only)
/// and those admins add in /ops (stored). Every channel is validated the same way, with a message per field.
/// </summary>
public sealed class ChannelDirectory(
    ChannelStore store,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    Cluster.ClusterSignals? signals = null,
    Running.Destinations? destinations = null)
{
    private volatile IReadOnlyList<Channel> _stored = [];
    private int _loaded;

    public IReadOnlyList<Channel> All =>
        [.. Configured, .. _stored.Where(s => !Configured.Any(c => c.Name == s.Name))];

    private IEnumerable<Channel> Configured => options.Value.Channels.Select((channel, index) =>
        new Channel(string.IsNullOrWhiteSpace(channel.Name) ? $"channel-{index}" : channel.Name.Trim(), channel, DefinitionSource.Configuration));

    public Channel? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>The names of the channels told of this event: its type, its components, its impact (<see cref="ChannelOptions.Hears"/>).</summary>
    public async Task<IReadOnlyList<string>> SubscribersAsync(NotificationEvent notification, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        // The event's data read once, not once per channel.
        var read = notification.Data is JsonElement ? notification : notification with { Data = JsonSerializer.SerializeToElement(notification.Data, Json.Options) };
        return All.Where(c => c.Options.Hears(read)).Select(c => c.Name).ToList();
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        _stored = [.. (await store.LoadAsync(cancellationToken)).Select(channel => new Channel(channel.Name ?? "", channel, DefinitionSource.Api))];
        Interlocked.Exchange(ref _loaded, 1);
    }

    public async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _loaded) == 0)
        {
            await LoadAsync(cancellationToken);
        }
    }

    /// <summary>Adds or replaces a stored channel; configuration channels cannot be changed here.</summary>
    public async Task<ValidationErrors> SaveAsync(ChannelOptions channel, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        var errors = Admit(channel);
        var name = channel.Name?.Trim() ?? "";
        if (errors.IsEmpty && Configured.Any(c => c.Name == name))
        {
            errors.Add("name", $"'{name}' is defined in configuration; change it there");
        }

        if (!errors.IsEmpty)
        {
            return errors;
        }

        channel.Name = name;
        await store.SaveAsync(channel, time.GetUtcNow(), cancellationToken);
        await LoadAsync(cancellationToken);
        signals?.AnnounceConfigurationChanged();
        return errors;
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteAsync(name, cancellationToken);
        await LoadAsync(cancellationToken);
        signals?.AnnounceConfigurationChanged();
        return deleted;
    }


    /// <summary>
    /// The gate every channel being saved goes through (/ops, the API, config import): valid, and its URL not a literal
    /// address the allow-list refuses, which no delivery could ever reach.
    /// </summary>
    public ValidationErrors Admit(ChannelOptions channel)
    {
        var errors = Validate(channel);
        if (channel.EscalateTo is { } target && (target == channel.Name?.Trim() || Find(target) is null))
        {
            errors.Add("escalateTo", $"'{target}' is not another channel: name one that exists");
        }

        if (errors.IsEmpty && channel.Url is { } text && Uri.TryCreate(Secrets.Resolve(text, []), UriKind.Absolute, out var url)
            // No path: a webhook never gets the sandbox's exemption.
            && destinations?.RefusesLiteral(url.Host, url.Port) is { } reason)
        {
            errors.Add("url", reason);
        }

        return errors;
    }

    public static ValidationErrors Validate(ChannelOptions channel)
    {
        var errors = new ValidationErrors();
        var name = channel.Name?.Trim() ?? "";
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add("name", "is required: 1 to 64 letters, digits, '-', '_' or '.'");
        }

        // What the type needs (its address, keys, recipients) is the type's to check.
        if (Channels.ChannelTypes.Find(channel.Type) is { } kind)
        {
            kind.Validate(channel, errors);
        }
        else
        {
            errors.Add("type", $"must be one of {Channels.ChannelTypes.Names}");
        }

        if (channel.MinImpact is { } least && !WireNames.TryParse<Incidents.Impact>(least, out _))
        {
            errors.Add("minImpact", "must be none, minor, major or critical");
        }

        if (channel.EscalateAfter is { } after && (!Durations.TryParse(after, out var wait, out _) || wait < TimeSpan.FromSeconds(1)))
        {
            errors.Add("escalateAfter", "must be a duration such as 15m (at least 1s)");
        }

        if ((channel.EscalateAfter is null) != (channel.EscalateTo is null))
        {
            errors.Add(channel.EscalateAfter is null ? "escalateAfter" : "escalateTo", "escalateAfter and escalateTo go together: how long, and to which channel");
        }

        if (channel.Lang is { } lang && lang is not ("en" or "zh-CN"))
        {
            errors.Add("lang", "must be en or zh-CN");
        }

        foreach (var (field, value) in new[] { ("routingKey", channel.RoutingKey), ("apiKey", channel.ApiKey), ("chatId", channel.ChatId) })
        {
            if (value is { Length: > 256 } || value?.Any(char.IsControl) == true)
            {
                errors.Add(field, "must be at most 256 characters without control characters");
            }
        }

        foreach (var type in channel.Events.Where(e => !NotificationEvent.Types.Contains(e)))
        {
            errors.Add("events", $"'{type}' is not an event; events are {string.Join(", ", NotificationEvent.Types)}");
        }

        // A ${NAME} in a setting the type reads is the type's to check (ChannelType.Validate), once.
        if (channel.Secret is { Length: > 256 })
        {
            errors.Add("secret", "must be at most 256 characters");
        }

        if (channel.Template is { } template && (template.Length > MessageTemplate.MaxLength || template.Any(c => char.IsControl(c) && c != '\n')))
        {
            errors.Add("template", $"must be at most {MessageTemplate.MaxLength} characters without control characters");
        }

        return errors;
    }
}
