using StatusBoard.Probes.Catalog;
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
    MaintenanceStore maintenanceStore,
    ChannelStore channelStore,
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
        // Through the stores, in one transaction: what they enforce (secrets stored encrypted, a deleted probe's pause
        // gone with it) holds for an import as for the API.
        var now = time.GetUtcNow();
        await using (var work = await UnitOfWork.BeginAsync(database, cancellationToken))
        {
            foreach (var key in plan.Components.Added.Concat(plan.Components.Changed))
            {
                await catalogStore.SaveComponentAsync((ComponentDocument)wanted.Components[key], now, cancellationToken, work);
            }

            foreach (var key in plan.Probes.Added.Concat(plan.Probes.Changed))
            {
                await catalogStore.SaveProbeAsync((ProbeDocument)wanted.Probes[key], now, cancellationToken, work);
            }

            foreach (var key in plan.Paused)
            {
                await catalogStore.SetPausedAsync(key, paused: true, "import", now, cancellationToken, work);
            }

            foreach (var key in plan.Probes.Removed)
            {
                await catalogStore.DeleteProbeAsync(key, cancellationToken, work);
            }

            foreach (var key in plan.Components.Removed)
            {
                await catalogStore.DeleteComponentAsync(key, cancellationToken, work);
            }

            foreach (var id in plan.Maintenance.Added.Concat(plan.Maintenance.Changed))
            {
                await maintenanceStore.SaveAsync(wanted.Windows[id], cancellationToken, work);
            }

            foreach (var id in plan.Maintenance.Removed)
            {
                await maintenanceStore.DeleteAsync(id, cancellationToken, work);
            }

            foreach (var name in plan.NotificationChannels.Added.Concat(plan.NotificationChannels.Changed))
            {
                await channelStore.SaveAsync((ChannelOptions)wanted.Channels[name], now, cancellationToken, work);
            }

            foreach (var name in plan.NotificationChannels.Removed)
            {
                await channelStore.DeleteAsync(name, cancellationToken, work);
            }

            await work.CommitAsync();
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
