using Dapper;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Subscribers;

/// <summary>Someone told of incidents and maintenance: an e-mail address (confirmed or not yet) or a webhook.</summary>
public sealed record Subscriber(string Id, string Kind, string Address, IReadOnlyList<string> Components, string Language, string Token, DateTimeOffset CreatedAt)
{
    public const string Email = "email";
    public const string Webhook = "webhook";

    public DateTimeOffset? ConfirmationSentAt { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }

    /// <summary>The outbox's name for this subscriber.</summary>
    public string Channel => Probes.Notifications.Outbox.SubscriberPrefix + Id;

    /// <summary>Whether an event about these components is for this subscriber (none chosen: every component).</summary>
    public bool Follows(IEnumerable<string> components) => Components.Count == 0 || components.Any(Components.Contains);
}

/// <summary>How many subscribers there are, as /ops/subscribers shows them (never who).</summary>
public sealed record SubscriberCounts(long Email, long Pending, long Webhook, IReadOnlyDictionary<string, long> ByComponent, long AllComponents);

/// <summary>Subscribers in the database; an address is there once per kind.</summary>
public sealed class SubscriberStore(Database database)
{
    /// <summary>The tables of subscribers: <c>Subscribers/Migrations</c> beside this store.</summary>
    public static SchemaModule Schema { get; } = new("subscribers", typeof(SubscriberStore).Assembly, "Subscribers.Migrations");

    private sealed record Row(string Id, string Kind, string Address, string Components, string Lang, string Token, long CreatedAt, long? ConfirmationSentAt, long? ConfirmedAt)
    {
        public Subscriber ToSubscriber() => new(Id, Kind, Address, Json.Deserialize<List<string>>(Components) ?? [], Lang, Token, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt))
        {
            ConfirmationSentAt = ConfirmationSentAt is { } sent ? DateTimeOffset.FromUnixTimeMilliseconds(sent) : null,
            ConfirmedAt = ConfirmedAt is { } confirmed ? DateTimeOffset.FromUnixTimeMilliseconds(confirmed) : null,
        };
    }

    private const string Columns = "id AS Id, kind AS Kind, address AS Address, components AS Components, lang AS Lang, token AS Token, created_at AS CreatedAt, confirmation_sent_at AS ConfirmationSentAt, confirmed_at AS ConfirmedAt";

    public async Task<Subscriber?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM subscribers WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToSubscriber();
    }

    public async Task<Subscriber?> FindByAddressAsync(string kind, string address, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM subscribers WHERE kind = @kind AND address = @address", new { kind, address }, cancellationToken: cancellationToken));
        return row?.ToSubscriber();
    }

    /// <summary>Everyone who hears of events: confirmed e-mail addresses and webhooks.</summary>
    public async Task<IReadOnlyList<Subscriber>> ConfirmedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM subscribers WHERE confirmed_at IS NOT NULL", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSubscriber()).ToList();
    }

    /// <summary>Adds a subscriber, or replaces the one with the same address (a confirmation asked for again).</summary>
    public async Task SaveAsync(Subscriber subscriber, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO subscribers (id, kind, address, components, lang, token, created_at, confirmation_sent_at, confirmed_at)
            VALUES (@Id, @Kind, @Address, @Components, @Language, @Token, @CreatedAt, @ConfirmationSentAt, @ConfirmedAt)
            ON CONFLICT (id) DO UPDATE SET components = excluded.components, lang = excluded.lang, token = excluded.token,
                confirmation_sent_at = excluded.confirmation_sent_at, confirmed_at = excluded.confirmed_at
            """,
            new
            {
                subscriber.Id,
                subscriber.Kind,
                subscriber.Address,
                Components = Json.Serialize(subscriber.Components),
                subscriber.Language,
                subscriber.Token,
                CreatedAt = subscriber.CreatedAt.ToUnixTimeMilliseconds(),
                ConfirmationSentAt = subscriber.ConfirmationSentAt?.ToUnixTimeMilliseconds(),
                ConfirmedAt = subscriber.ConfirmedAt?.ToUnixTimeMilliseconds(),
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>Removes a subscriber and everything still to be sent to it, in one transaction.</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var removed = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM subscribers WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM notifications WHERE channel = @channel AND delivered_at IS NULL",
            new { channel = Probes.Notifications.Outbox.SubscriberPrefix + id }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return removed > 0;
    }

    /// <summary>Forgets e-mail addresses never confirmed within <paramref name="before"/>: their links have expired.</summary>
    public async Task<int> ForgetUnconfirmedAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscribers WHERE confirmed_at IS NULL AND COALESCE(confirmation_sent_at, created_at) < @before",
            new { before = before.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    public async Task<SubscriberCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(string Kind, string Components, long? ConfirmedAt)>(new CommandDefinition(
            "SELECT kind, components, confirmed_at FROM subscribers", cancellationToken: cancellationToken))).ToList();
        var confirmed = rows.Where(r => r.ConfirmedAt is not null).ToList();
        var chosen = confirmed.Select(r => Json.Deserialize<List<string>>(r.Components) ?? []).ToList();
        return new SubscriberCounts(
            confirmed.LongCount(r => r.Kind == Subscriber.Email),
            rows.LongCount(r => r.ConfirmedAt is null),
            confirmed.LongCount(r => r.Kind == Subscriber.Webhook),
            chosen.SelectMany(c => c).GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.LongCount(), StringComparer.Ordinal),
            chosen.LongCount(c => c.Count == 0));
    }
}
