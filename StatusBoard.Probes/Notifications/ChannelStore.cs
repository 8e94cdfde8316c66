using Dapper;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Notifications;

/// <summary>
/// The notification channels admins add (the <c>notification_channels</c> table): each stored with its URL (a chat
/// webhook's URL is its key), secret and keys encrypted unless they are <c>${NAME}</c> references, and read back
/// readable — whoever writes, /ops, the API or the configuration import.
/// </summary>
public sealed class ChannelStore(Database database, ISecretProtector? secrets = null)
{
    public async Task<IReadOnlyList<ChannelOptions>> LoadAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Name, string Document)>(new CommandDefinition(
            "SELECT name, document FROM notification_channels ORDER BY name", cancellationToken: cancellationToken));
        return [.. rows.Select(row =>
        {
            var channel = Readable(Json.Deserialize<ChannelOptions>(row.Document)!);
            channel.Name = row.Name;
            return channel;
        })];
    }

    /// <summary>Adds or replaces the channel named <see cref="ChannelOptions.Name"/>, checked by the caller.</summary>
    public Task SaveAsync(ChannelOptions channel, DateTimeOffset now, CancellationToken cancellationToken, UnitOfWork? work = null) =>
        UnitOfWork.ExecuteAsync(database, work,
            """
            INSERT INTO notification_channels (name, document, created_at, updated_at) VALUES (@name, @document, @now, @now)
            ON CONFLICT (name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
            """,
            new { name = channel.Name, document = StoredForm(channel), now = now.ToUnixTimeMilliseconds() }, cancellationToken);

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken, UnitOfWork? work = null) =>
        await UnitOfWork.ExecuteAsync(database, work, "DELETE FROM notification_channels WHERE name = @name", new { name }, cancellationToken) > 0;

    /// <summary>A channel as it is stored: its protected settings encrypted.</summary>
    private string StoredForm(ChannelOptions channel)
    {
        var copy = Json.Deserialize<ChannelOptions>(Json.Serialize(channel))!;
        if (secrets is not null)
        {
            foreach (var setting in ChannelOptions.Protected)
            {
                copy.Set(setting, Protect(copy.Get(setting), secrets));
            }
        }

        return Json.Serialize(copy);
    }

    private static string? Protect(string? value, ISecretProtector protector) =>
        string.IsNullOrEmpty(value) || Secrets.HasReference(value) ? value : StoredSecrets.Prefix + protector.Protect(value);

    /// <summary>A stored channel with its URL and secret readable; one the keys cannot read keeps its stored form and fails to send, saying so.</summary>
    private ChannelOptions Readable(ChannelOptions channel)
    {
        string? Unprotect(string? value)
        {
            if (secrets is null || value is null || !value.StartsWith(StoredSecrets.Prefix, StringComparison.Ordinal))
            {
                return value;
            }

            try
            {
                return secrets.Unprotect(value[StoredSecrets.Prefix.Length..]);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                return value;
            }
        }

        foreach (var setting in ChannelOptions.Protected)
        {
            channel.Set(setting, Unprotect(channel.Get(setting)));
        }

        return channel;
    }
}
