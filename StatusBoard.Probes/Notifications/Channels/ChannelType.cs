namespace StatusBoard.Probes.Notifications.Channels;

/// <summary>One setting a channel type reads, as /ops/channels and the README list it.</summary>
/// <param name="Name">The option's key (<c>url</c>, <c>routingKey</c>…), as in configuration and the API.</param>
/// <param name="Required">Whether a channel of the type must set it.</param>
/// <param name="Secret">Stored encrypted unless it is a <c>${NAME}</c> reference; exported as a reference.</param>
/// <param name="Help">What to put there, in a few words.</param>
public sealed record ChannelSetting(string Name, bool Required, bool Secret, string Help);

/// <summary>
/// One kind of channel, in a file of its own under <c>Notifications/Channels/</c>: its settings and their validation,
/// which are secret, how a message is built and sent, and how the service's answer is judged. Registered once in
/// <see cref="ChannelTypes.All"/>, which the dispatcher, /ops/channels, the API, import and export read.
/// </summary>
public abstract class ChannelType
{
    /// <summary>The <c>type</c> of a channel: <c>webhook</c>, <c>dingtalk</c>…</summary>
    public abstract string Name { get; }

    /// <summary>What it is, for /ops/channels: "DingTalk group robot (markdown, signed)".</summary>
    public abstract string Summary { get; }

    public abstract IReadOnlyList<ChannelSetting> Settings { get; }

    /// <summary>The language of its messages when the channel gives no <c>lang</c>: English, Chinese for the Chinese chat services.</summary>
    public virtual string DefaultLanguage => "en";

    /// <summary>The service's own address, used when the channel gives no <c>url</c> (a proxy or a test gives one).</summary>
    public virtual string? DefaultUrl => null;

    /// <summary>Checks what this type needs beyond the common options (name, events, template), a message per field.</summary>
    public virtual void Validate(ChannelOptions channel, ValidationErrors errors)
    {
        foreach (var setting in Settings.Where(s => s.Required))
        {
            if (string.IsNullOrWhiteSpace(channel.Get(setting.Name)))
            {
                errors.Add(setting.Name, $"is required for a {Name} channel: {setting.Help}");
            }
        }

        foreach (var setting in Settings.Where(s => s.Secret))
        {
            var missing = new List<string>();
            Secrets.Resolve(channel.Get(setting.Name) ?? "", missing);
            if (missing.Count > 0)
            {
                errors.Add(setting.Name, Secrets.Refusal(missing[0]));
            }
        }

        if (Settings.Any(s => s.Name == "url") && (channel.Url ?? DefaultUrl) is { Length: > 0 } text && !errors.ToDictionary().ContainsKey("url")
            && (!Uri.TryCreate(Secrets.Resolve(text, []), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            errors.Add("url", "must be an absolute http or https URL");
        }
    }

    /// <summary>Builds and sends one message; a refusal by the service throws <see cref="HttpRequestException"/> (retried).</summary>
    public abstract Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken);

    /// <summary>
    /// Posts JSON to the channel's URL (or the service's own) and judges the answer: a status that is not 2xx is a
    /// failure, and so is what <paramref name="refused"/> finds in a 2xx body (chat robots answer 200 with an error code).
    /// </summary>
    protected static async Task PostJsonAsync(ChannelDelivery delivery, string url, object body, Func<JsonElement, string?>? refused = null,
        Action<HttpRequestMessage>? headers = null, CancellationToken cancellationToken = default)
    {
        var json = Json.Serialize(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        headers?.Invoke(request);
        await SendAsync(delivery, request, refused, cancellationToken);
    }

    protected static async Task SendAsync(ChannelDelivery delivery, HttpRequestMessage request, Func<JsonElement, string?>? refused, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var response = await delivery.Http.SendAsync(request, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the receiver answered {(int)response.StatusCode}{Excerpt(text)}");
        }

        if (refused is not null)
        {
            JsonElement answer;
            try
            {
                answer = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new HttpRequestException($"the receiver answered {(int)response.StatusCode} with a body that is not JSON{Excerpt(text)}");
            }

            if (refused(answer) is { } why)
            {
                throw new HttpRequestException($"the receiver refused the message: {why}");
            }
        }
    }

    /// <summary>
    /// The answer of a service that says in its body whether it took the message: refused unless <paramref name="code"/>
    /// is 0 (DingTalk and WeCom's <c>errcode</c>, Feishu's <c>code</c>), with the service's own words.
    /// </summary>
    protected static string? RefusedUnlessZero(JsonElement answer, string code, string words) =>
        answer.TryGetProperty(code, out var value) && value.ValueKind == JsonValueKind.Number && value.GetInt64() == 0 ? null
            : $"{code} {(value.ValueKind == JsonValueKind.Undefined ? "missing" : value.ToString())}: {(answer.TryGetProperty(words, out var said) ? said.ToString() : "")}";

    /// <summary>The channel's URL or the service's own, with <c>${NAME}</c> references read from the environment.</summary>
    protected string Url(ChannelDelivery delivery) => delivery.Resolve(delivery.Channel.Url ?? DefaultUrl ?? "");

    private static string Excerpt(string text) =>
        string.IsNullOrWhiteSpace(text) ? "" : ": " + Running.Redaction.Text(text.Length > 200 ? text[..200] : text);
}

/// <summary>One message on its way to one channel.</summary>
public sealed class ChannelDelivery(Outbox.Item item, NotificationEvent notification, ChannelOptions channel, ChannelMessage message, HttpClient http, NotificationOptions options, DateTimeOffset now)
{
    /// <summary>An outbox item on its way through its channel's type, in the channel's language.</summary>
    public static ChannelDelivery For(Outbox.Item item, ChannelType type, ChannelOptions channel, HttpClient http, NotificationOptions options, DateTimeOffset now)
    {
        var notification = Json.Deserialize<NotificationEvent>(item.Payload)!;
        return new ChannelDelivery(item, notification, channel, ChannelMessage.For(notification, channel.Lang ?? type.DefaultLanguage, options.BaseUrl), http, options, now);
    }

    /// <summary>When it is sent (signatures carry it).</summary>
    public DateTimeOffset Now { get; } = now;

    public Outbox.Item Item { get; } = item;

    public NotificationEvent Event { get; } = notification;

    public ChannelOptions Channel { get; } = channel;

    /// <summary>The event in words, in the channel's language.</summary>
    public ChannelMessage Message { get; } = message;

    public HttpClient Http { get; } = http;

    public NotificationOptions Options { get; } = options;

    /// <summary>A setting with its <c>${NAME}</c> references read from the environment; one not set fails the delivery, saying which.</summary>
#pragma warning disable CA1822 // An instance member: a delivery resolves its own settings, whatever does it.
    public string Resolve(string text)
    {
        var unset = new List<string>();
        var value = Secrets.Resolve(text, unset);
        return unset.Count > 0 ? throw new HttpRequestException($"${{{unset[0]}}} is not set in the environment") : value;
    }
#pragma warning restore CA1822
}
