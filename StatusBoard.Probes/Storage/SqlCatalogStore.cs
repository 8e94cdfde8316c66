using Dapper;

namespace StatusBoard.Probes.Storage;

/// <summary>Probes, components and pauses managed through the API; the secret values of probes are stored encrypted.</summary>
public sealed class SqlCatalogStore(Database database, ISecretProtector secrets) : ICatalogStore
{
    public async Task<IReadOnlyList<ProbeDocument>> LoadProbesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition("SELECT document FROM probes ORDER BY key", cancellationToken: cancellationToken));
        return rows.Select(row =>
        {
            var document = Json.Deserialize<ProbeDocument>(row)!;
            try
            {
                return StoredSecrets.Unprotect(document, secrets);
            }
            catch (InvalidOperationException exception)
            {
                // One probe whose secret cannot be read is that probe's error, not a server that will not start.
                document.LoadFault = exception.Message;
                return document;
            }
        }).ToList();
    }

    /// <summary>A probe document as it is stored, its secret values encrypted, so no path keeps a secret in clear.</summary>
    private string StoredForm(ProbeDocument probe) => Json.Serialize(StoredSecrets.Protect(probe, secrets));

    public Task SaveProbeAsync(ProbeDocument probe, DateTimeOffset now, CancellationToken cancellationToken, UnitOfWork? work = null) =>
        UnitOfWork.ExecuteAsync(database, work,
            """
            INSERT INTO probes (key, document, created_at, updated_at) VALUES (@key, @document, @now, @now)
            ON CONFLICT (key) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
            """,
            new { key = probe.Key, document = StoredForm(probe), now = now.ToUnixTimeMilliseconds() }, cancellationToken);

    /// <summary>Removes a probe and its pause.</summary>
    public async Task<bool> DeleteProbeAsync(string key, CancellationToken cancellationToken, UnitOfWork? work = null)
    {
        await UnitOfWork.ExecuteAsync(database, work, "DELETE FROM probe_pauses WHERE probe = @key", new { key }, cancellationToken);
        return await UnitOfWork.ExecuteAsync(database, work, "DELETE FROM probes WHERE key = @key", new { key }, cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<ComponentDocument>> LoadComponentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition("SELECT document FROM components ORDER BY key", cancellationToken: cancellationToken));
        return rows.Select(row => Json.Deserialize<ComponentDocument>(row)!).ToList();
    }

    public Task SaveComponentAsync(ComponentDocument component, DateTimeOffset now, CancellationToken cancellationToken, UnitOfWork? work = null) =>
        UnitOfWork.ExecuteAsync(database, work,
            """
            INSERT INTO components (key, document, created_at, updated_at) VALUES (@key, @document, @now, @now)
            ON CONFLICT (key) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
            """,
            new { key = component.Key, document = Json.Serialize(component), now = now.ToUnixTimeMilliseconds() }, cancellationToken);

    public async Task<bool> DeleteComponentAsync(string key, CancellationToken cancellationToken, UnitOfWork? work = null) =>
        await UnitOfWork.ExecuteAsync(database, work, "DELETE FROM components WHERE key = @key", new { key }, cancellationToken) > 0;

    public async Task<IReadOnlyList<string>> LoadPausedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition("SELECT probe FROM probe_pauses", cancellationToken: cancellationToken))).ToList();
    }

    public Task SetPausedAsync(string probe, bool paused, string by, DateTimeOffset now, CancellationToken cancellationToken, UnitOfWork? work = null) =>
        UnitOfWork.ExecuteAsync(database, work,
            paused
                ? "INSERT INTO probe_pauses (probe, paused_by, paused_at) VALUES (@probe, @by, @now) ON CONFLICT (probe) DO NOTHING"
                : "DELETE FROM probe_pauses WHERE probe = @probe",
            new { probe, by, now = now.ToUnixTimeMilliseconds() }, cancellationToken);
}
