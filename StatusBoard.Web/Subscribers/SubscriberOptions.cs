namespace StatusBoard.Web.Subscribers;

/// <summary>What a wallet user or a program asks for: an e-mail address or a webhook, components (none: all), a language.</summary>
public sealed record SubscribeRequest
{
    public string? Email { get; init; }

    public string? Webhook { get; init; }

    public IReadOnlyList<string>? Components { get; init; }

    public string? Lang { get; init; }
}

/// <summary>What came of following a confirm or unsubscribe link.</summary>
public enum LinkOutcome
{
    Done,
    AlreadyDone,
    Expired,
    Invalid,
}

/// <summary><c>StatusBoard:Subscribers</c>: how long a confirmation link is good for, and how often a network may subscribe.</summary>
public sealed class SubscriberOptions
{
    /// <summary>How long a confirmation link works; an address not confirmed by then is forgotten.</summary>
    public TimeSpan ConfirmFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A second confirmation to the same inbox is sent only after this, however often it is asked for.</summary>
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Subscriptions taken from one network (a /24 or /48) per <see cref="PerNetworkWindow"/>.</summary>
    public int PerNetworkLimit { get; set; } = 5;

    public TimeSpan PerNetworkWindow { get; set; } = TimeSpan.FromMinutes(10);
}
