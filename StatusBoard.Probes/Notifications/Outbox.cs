using Dapper;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Notifications;

/// <summary>The notification outbox in SQLite: what must be sent survives a restart, and nothing is queued twice.</summary>
public sealed class Outbox(Database database)
{
    public sealed record Item(string Id, string EventId, string Channel, string EventType, string Payload, long Attempts);

    /// <summary>A delivery as /ops shows it.</summary>
    public sealed record Delivery(string EventId, string Channel, string EventType, string Title, DateTimeOffset CreatedAt, long Attempts, DateTimeOffset? DeliveredAt, DateTimeOffset NextAttemptAt, string? LastError);

    /// <summary>Rows addressed to subscribers of the public page (<c>subscriber:{id}</c>), kept out of the channels' list.</summary>
    public const string SubscriberPrefix = "subscriber:";

    /// <summary>The newest deliveries to channels, pending and failing ones first.</summary>
    public async Task<IReadOnlyList<Delivery>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string EventId, string Channel, string EventType, string Payload, long CreatedAt, long Attempts, long? DeliveredAt, long NextAttemptAt, string? LastError)>(new CommandDefinition(
            """
            SELECT event_id, channel, event_type, payload, created_at, attempts, delivered_at, next_attempt_at, last_error FROM notifications
            WHERE channel NOT LIKE 'subscriber:%'
            ORDER BY delivered_at IS NOT NULL, created_at DESC LIMIT @limit
            """,
            new { limit }, cancellationToken: cancellationToken));
        return rows.Select(r => new Delivery(r.EventId, r.Channel, r.EventType, Json.Deserialize<NotificationEvent>(r.Payload)?.Title ?? "",
            DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), r.Attempts, r.DeliveredAt is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null,
            DateTimeOffset.FromUnixTimeMilliseconds(r.NextAttemptAt), r.LastError)).ToList();
    }

    public async Task EnqueueAsync(NotificationEvent notification, IEnumerable<string> channels, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var payload = Json.Serialize(notification);
        foreach (var channel in channels)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO notifications (id, event_id, channel, event_type, payload, created_at, next_attempt_at)
                VALUES (@id, @eventId, @channel, @type, @payload, @at, @at)
                ON CONFLICT (id) DO NOTHING
                """,
                new { id = $"{notification.Id}:{channel}", eventId = notification.Id, channel, type = notification.Type, payload, at = notification.At.ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>One event to many recipients, each with a payload of its own (their language), in one transaction; each once.</summary>
    public async Task EnqueueEachAsync(string eventId, string type, DateTimeOffset at, IEnumerable<(string Channel, string Payload)> rows, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO notifications (id, event_id, channel, event_type, payload, created_at, next_attempt_at)
            VALUES (@id, @eventId, @channel, @type, @payload, @at, @at)
            ON CONFLICT (id) DO NOTHING
            """,
            rows.Select(row => new { id = $"{eventId}:{row.Channel}", eventId, channel = row.Channel, type, payload = row.Payload, at = at.ToUnixTimeMilliseconds() }).ToList(),
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deliveries to subscribers: sent, waiting, and failing (waiting after at least one failed attempt).</summary>
    public async Task<(long Sent, long Waiting, long Failing)> SubscriberDeliveriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<(long, long, long)>(new CommandDefinition(
            """
            SELECT CAST(COUNT(delivered_at) AS BIGINT),
                   CAST(COALESCE(SUM(CASE WHEN delivered_at IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
                   CAST(COALESCE(SUM(CASE WHEN delivered_at IS NULL AND attempts > 0 THEN 1 ELSE 0 END), 0) AS BIGINT)
            FROM notifications WHERE channel LIKE 'subscriber:%'
            """, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Item>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Item>(new CommandDefinition(
            """
            SELECT id AS Id, event_id AS EventId, channel AS Channel, event_type AS EventType, payload AS Payload, attempts AS Attempts
            FROM notifications WHERE delivered_at IS NULL AND next_attempt_at <= @now ORDER BY created_at, id LIMIT @limit
            """,
            new { now = now.ToUnixTimeMilliseconds(), limit }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task DeliveredAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE notifications SET delivered_at = @now, attempts = attempts + 1, last_error = NULL WHERE id = @id",
            new { id, now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    public async Task FailedAsync(string id, string error, DateTimeOffset nextAttempt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE notifications SET attempts = attempts + 1, last_error = @error, next_attempt_at = @next WHERE id = @id",
            new { id, error = error.Length > 500 ? error[..500] : error, next = nextAttempt.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }
}
