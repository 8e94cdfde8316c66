using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Maintenance;
using StatusBoard.Probes.Notifications;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Configuration;

/// <summary>
/// Imports a configuration document all or nothing: every item is checked first (with the same rules as the API),
/// the plan says what would be added, changed or removed, and applying writes it in one transaction, then reloads.
/// The document describes what is managed through the API; configuration-file items are read-only and cannot be
/// named in it. Items not in the document stay unless <c>prune</c> asks to remove them.
/// </summary>
public sealed partial class ConfigImporter(
    Database database,
    ICatalogStore catalogStore,
    ProbeCatalog catalog,
    ProbesConfiguration configuration,
    MaintenanceSchedule maintenance,
    ChannelDirectory channels,
    IOptions<NotificationOptions> notificationOptions,
    TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _applying = new(1, 1);

    public void Dispose() => _applying.Dispose();

    public async Task<(ConfigPlan? Plan, ValidationErrors Errors)> ImportAsync(ConfigDocument document, bool dryRun, bool prune, CancellationToken cancellationToken)
    {
        await _applying.WaitAsync(cancellationToken);
        try
        {
            var current = await CurrentAsync(cancellationToken);
            var (wanted, errors) = Check(document, current, prune);
            if (!errors.IsEmpty)
            {
                return (null, errors);
            }

            var plan = new ConfigPlan(
                Diff(current.Components, wanted.Components, prune),
                Diff(current.Probes, wanted.Probes, prune),
                Diff(current.Maintenance, wanted.Maintenance, prune),
                Diff(current.Channels, wanted.Channels, prune))
            {
                Paused = (document.Paused ?? []).Distinct(StringComparer.Ordinal).Where(key => !catalog.Current.IsPaused(key)).ToList(),
            };
            if (!dryRun && plan.ChangesAnything)
            {
                await ApplyAsync(plan, wanted, cancellationToken);
            }

            return (plan, errors);
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>What is managed through the API now, as documents (JSON text) by key.</summary>
    private async Task<State> CurrentAsync(CancellationToken cancellationToken)
    {
        await channels.EnsureLoadedAsync(cancellationToken);
        return new State(
            (await catalogStore.LoadComponentsAsync(cancellationToken)).ToDictionary(c => c.Key ?? "", c => (object)c, StringComparer.Ordinal),
            (await catalogStore.LoadProbesAsync(cancellationToken)).ToDictionary(p => p.Key ?? "", p => (object)p, StringComparer.Ordinal),
            maintenance.All.ToDictionary(w => w.Id, w => (object)MaintenanceDocument.From(w), StringComparer.Ordinal),
            channels.All.Where(c => c.Source == DefinitionSource.Api).ToDictionary(c => c.Name, c => (object)c.Options, StringComparer.Ordinal));
    }

    private static ChangeSet Diff(IReadOnlyDictionary<string, object> current, IReadOnlyDictionary<string, object> wanted, bool prune)
    {
        var added = wanted.Keys.Where(k => !current.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var changed = wanted.Keys.Where(k => current.TryGetValue(k, out var old) && Text(old) != Text(wanted[k])).Order(StringComparer.Ordinal).ToList();
        var unchanged = wanted.Keys.Where(k => current.TryGetValue(k, out var old) && Text(old) == Text(wanted[k])).Order(StringComparer.Ordinal).ToList();
        var removed = prune ? current.Keys.Where(k => !wanted.ContainsKey(k)).Order(StringComparer.Ordinal).ToList() : [];
        return new ChangeSet(added, changed, unchanged, removed);
    }

    private static string Text(object document) => JsonSerializer.Serialize(document, document.GetType(), Json.Options);

    private async Task ApplyAsync(ConfigPlan plan, State wanted, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            async Task Run(string sql, object parameters) =>
                await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));

            foreach (var key in plan.Components.Added.Concat(plan.Components.Changed))
            {
                await Run("""
                    INSERT INTO components (key, document, created_at, updated_at) VALUES (@key, @document, @now, @now)
                    ON CONFLICT (key) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
                    """, new { key, document = Text(wanted.Components[key]), now });
            }

            foreach (var key in plan.Probes.Added.Concat(plan.Probes.Changed))
            {
                await Run("""
                    INSERT INTO probes (key, document, created_at, updated_at) VALUES (@key, @document, @now, @now)
                    ON CONFLICT (key) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
                    """, new { key, document = catalogStore.StoredForm((ProbeDocument)wanted.Probes[key]), now });
            }

            foreach (var key in plan.Paused)
            {
                await Run("INSERT INTO probe_pauses (probe, paused_by, paused_at) VALUES (@key, @by, @now) ON CONFLICT (probe) DO NOTHING",
                    new { key, by = "import", now });
            }

            foreach (var key in plan.Probes.Removed)
            {
                await Run("DELETE FROM probes WHERE key = @key; DELETE FROM probe_pauses WHERE probe = @key", new { key });
            }

            foreach (var key in plan.Components.Removed)
            {
                await Run("DELETE FROM components WHERE key = @key", new { key });
            }

            foreach (var id in plan.Maintenance.Added.Concat(plan.Maintenance.Changed))
            {
                var window = wanted.Windows[id];
                await Run("""
                    INSERT INTO maintenance (id, starts_at, ends_at, document) VALUES (@id, @startsAt, @endsAt, @document)
                    ON CONFLICT (id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at, document = excluded.document
                    """, new { id, startsAt = window.StartsAt.ToUnixTimeMilliseconds(), endsAt = MaintenanceSchedule.EndsAtColumn(window), document = Json.Serialize(window) });
            }

            foreach (var id in plan.Maintenance.Removed)
            {
                await Run("DELETE FROM maintenance WHERE id = @id", new { id });
            }

            foreach (var name in plan.NotificationChannels.Added.Concat(plan.NotificationChannels.Changed))
            {
                await Run("""
                    INSERT INTO notification_channels (name, document, created_at, updated_at) VALUES (@name, @document, @now, @now)
                    ON CONFLICT (name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
                    """, new { name, document = channels.StoredForm((ChannelOptions)wanted.Channels[name]), now });
            }

            foreach (var name in plan.NotificationChannels.Removed)
            {
                await Run("DELETE FROM notification_channels WHERE name = @name", new { name });
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await catalog.ReloadAsync(cancellationToken);
        await maintenance.LoadAsync(cancellationToken);
        await channels.LoadAsync(cancellationToken);
    }

    private sealed record State(
        IReadOnlyDictionary<string, object> Components,
        IReadOnlyDictionary<string, object> Probes,
        IReadOnlyDictionary<string, object> Maintenance,
        IReadOnlyDictionary<string, object> Channels)
    {
        /// <summary>The checked windows of a wanted state, by id.</summary>
        public IReadOnlyDictionary<string, MaintenanceWindow> Windows { get; init; } = new Dictionary<string, MaintenanceWindow>();
    }
}
