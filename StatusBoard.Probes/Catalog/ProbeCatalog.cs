using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Catalog;

/// <summary>
/// The components and probes in force: those of configuration (read-only through the API) and those created
/// through the API (stored). Each change is validated, stored, then published as a new immutable snapshot.
/// </summary>
public sealed partial class ProbeCatalog(
    ICatalogStore store,
    ProbesConfiguration configuration,
    TimeProvider time,
    ILogger<ProbeCatalog> logger,
    Cluster.ClusterSignals? signals = null,
    Running.Destinations? destinations = null) : IDisposable
{
    private readonly SemaphoreSlim _changes = new(1, 1);
    private volatile CatalogSnapshot _snapshot = new([], []);

    /// <summary>Raised after every change, with the new snapshot.</summary>
    private readonly Subscribers<CatalogSnapshot> _snapshots = new();

    /// <summary>Tells <paramref name="listener"/> of each new snapshot until the returned subscription is disposed.</summary>
    public IDisposable SubscribeChanges(Action<CatalogSnapshot> listener) => _snapshots.Subscribe(listener);

    public CatalogSnapshot Current => _snapshot;

    public IReadOnlyList<string> LocalRegions => configuration.LocalRegions;

    /// <summary>Loads configuration and stored definitions; configuration errors stop the start with every reason.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var components = new Dictionary<string, ComponentDefinition>(StringComparer.Ordinal);
        foreach (var (configKey, document) in configuration.Components)
        {
            if (TryComponent(document, DefinitionSource.Configuration, out var component, out var errors))
            {
                components[component!.Key] = component;
            }
            else
            {
                problems.Add($"{configKey}: {errors}");
            }
        }

        foreach (var document in await store.LoadComponentsAsync(cancellationToken))
        {
            if (!components.ContainsKey(document.Key ?? "") && TryComponent(document, DefinitionSource.Api, out var component, out _))
            {
                components[component!.Key] = component;
            }
        }

        var probes = new Dictionary<string, ProbeDefinition>(StringComparer.Ordinal);
        foreach (var (configKey, document) in configuration.Probes)
        {
            if (!ProbeDefinitionParser.TryParse(document, components.ContainsKey, DefinitionSource.Configuration, out var probe, out var errors))
            {
                problems.Add($"{configKey} ({document.Key}): {errors}");
            }
            else if (!probes.TryAdd(probe!.Key, probe))
            {
                problems.Add($"{configKey}: key '{probe.Key}' is used twice");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("StatusBoard configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        foreach (var document in await store.LoadProbesAsync(cancellationToken))
        {
            if (probes.ContainsKey(document.Key ?? ""))
            {
                logger.LogWarning("Stored probe {ProbeKey} is shadowed by the configuration probe of the same key", document.Key);
            }
            else if (ProbeDefinitionParser.TryParse(document, components.ContainsKey, DefinitionSource.Api, out var probe, out var errors, unsetSecretsAreFaults: true))
            {
                probes[probe!.Key] = document.LoadFault is { } fault ? probe with { Fault = fault } : probe;
                if (document.LoadFault is not null)
                {
                    logger.LogError("Stored probe {ProbeKey} runs as an error: {Fault}", document.Key, document.LoadFault);
                }
            }
            else
            {
                logger.LogError("Stored probe {ProbeKey} is invalid and not run: {Errors}", document.Key, errors.ToString());
            }
        }

        var paused = (await store.LoadPausedAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        Publish(new CatalogSnapshot(components.Values.ToList(), probes.Values.ToList()) { Paused = paused }, announce: false);
    }

    /// <summary>Pauses or resumes a probe (configuration probes too: pausing is operations, not definition).</summary>
    public async Task<CatalogChange> SetPausedAsync(string key, bool paused, string by, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var existing = _snapshot.FindProbe(key);
            if (existing is null)
            {
                return new CatalogChange.NotFound(key);
            }

            await store.SetPausedAsync(key, paused, by, time.GetUtcNow(), cancellationToken);
            var set = new HashSet<string>(_snapshot.Paused, StringComparer.Ordinal);
            if (paused)
            {
                set.Add(key);
            }
            else
            {
                set.Remove(key);
            }

            Publish(_snapshot with { Paused = set });
            return new CatalogChange.Done<ProbeDefinition>(existing);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>
    /// Reads the stored definitions again after a change made beside the catalog: a configuration import here
    /// (<paramref name="announce"/>: other nodes are told), or a change another node made.
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken, bool announce = true)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            await LoadAsync(cancellationToken);
        }
        finally
        {
            _changes.Release();
        }

        if (announce)
        {
            signals?.AnnounceConfigurationChanged();
        }
    }

    public Task<CatalogChange> CreateProbeAsync(ProbeDocument document, CancellationToken cancellationToken) =>
        SaveProbeAsync(null, document, cancellationToken);

    public Task<CatalogChange> UpdateProbeAsync(string key, ProbeDocument document, CancellationToken cancellationToken) =>
        SaveProbeAsync(key, document, cancellationToken);

    public async Task<CatalogChange> DeleteProbeAsync(string key, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var existing = _snapshot.FindProbe(key);
            if (existing is null)
            {
                return new CatalogChange.NotFound(key);
            }

            if (existing.Source == DefinitionSource.Configuration)
            {
                return new CatalogChange.Conflict($"Probe '{key}' is defined in configuration (StatusBoard:Probes); change it there.");
            }

            await store.DeleteProbeAsync(key, cancellationToken);
            await store.SetPausedAsync(key, paused: false, "", time.GetUtcNow(), cancellationToken);
            Publish(_snapshot with
            {
                Probes = _snapshot.Probes.Where(p => p.Key != key).ToList(),
                Paused = _snapshot.Paused.Where(p => p != key).ToHashSet(StringComparer.Ordinal),
            });
            return new CatalogChange.Done<ProbeDefinition>(existing);
        }
        finally
        {
            _changes.Release();
        }
    }

    private async Task<CatalogChange> SaveProbeAsync(string? key, ProbeDocument document, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var snapshot = _snapshot;
            if (key is not null)
            {
                var existing = snapshot.FindProbe(key);
                if (existing is null)
                {
                    return new CatalogChange.NotFound(key);
                }

                if (existing.Source == DefinitionSource.Configuration)
                {
                    return new CatalogChange.Conflict($"Probe '{key}' is defined in configuration (StatusBoard:Probes); change it there.");
                }

                document.Key ??= key;
            }

            if (!TryAdmit(document, k => snapshot.FindComponent(k) is not null, out var probe, out var errors))
            {
                return new CatalogChange.Invalid(errors);
            }

            if (OverBudget([.. snapshot.Probes.Where(p => p.Key != probe!.Key), probe!], "probe") is { IsEmpty: false } overBudget)
            {
                return new CatalogChange.Invalid(overBudget);
            }

            if (key is not null && probe!.Key != key)
            {
                var mismatch = new ValidationErrors();
                mismatch.Add("key", $"'{probe.Key}' does not match the probe in the address, '{key}'");
                return new CatalogChange.Invalid(mismatch);
            }

            if (key is null && snapshot.FindProbe(probe!.Key) is not null)
            {
                return new CatalogChange.Conflict($"Probe '{probe.Key}' already exists; use PUT /api/v1/probes/{probe.Key} to change it.");
            }

            await store.SaveProbeAsync(probe!.Document, time.GetUtcNow(), cancellationToken);
            Publish(snapshot with { Probes = [.. snapshot.Probes.Where(p => p.Key != probe.Key), probe] });
            return new CatalogChange.Done<ProbeDefinition>(probe);
        }
        finally
        {
            _changes.Release();
        }
    }

    public void Dispose() => _changes.Dispose();

    private void Publish(CatalogSnapshot snapshot, bool announce = true)
    {
        _snapshot = snapshot;
        _snapshots.Publish(snapshot);
        if (announce)
        {
            signals?.AnnounceConfigurationChanged();
        }
    }
}
