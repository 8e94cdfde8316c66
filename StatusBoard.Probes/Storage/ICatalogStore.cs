using StatusBoard.Probes.Definitions;

namespace StatusBoard.Probes.Storage;

/// <summary>Probes and components created through the API, kept as the documents they were written as.</summary>
public interface ICatalogStore
{
    Task<IReadOnlyList<ProbeDocument>> LoadProbesAsync(CancellationToken cancellationToken);

    Task SaveProbeAsync(ProbeDocument probe, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// A probe document as it is stored, its secret values encrypted: what every writer of the probes table stores
    /// (<see cref="SaveProbeAsync"/> and the configuration import alike), so no path keeps a secret in clear.
    /// </summary>
    string StoredForm(ProbeDocument probe);

    Task<bool> DeleteProbeAsync(string key, CancellationToken cancellationToken);

    Task<IReadOnlyList<ComponentDocument>> LoadComponentsAsync(CancellationToken cancellationToken);

    Task SaveComponentAsync(ComponentDocument component, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> LoadPausedAsync(CancellationToken cancellationToken);

    Task SetPausedAsync(string probe, bool paused, string by, DateTimeOffset now, CancellationToken cancellationToken);
}
