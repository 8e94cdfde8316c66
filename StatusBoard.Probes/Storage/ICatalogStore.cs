using StatusBoard.Probes.Definitions;

namespace StatusBoard.Probes.Storage;

/// <summary>Probes and components created through the API, kept as the documents they were written as.</summary>
public interface ICatalogStore
{
    Task<IReadOnlyList<ProbeDocument>> LoadProbesAsync(CancellationToken cancellationToken);

    Task SaveProbeAsync(ProbeDocument probe, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> DeleteProbeAsync(string key, CancellationToken cancellationToken);

    Task<IReadOnlyList<ComponentDocument>> LoadComponentsAsync(CancellationToken cancellationToken);

    Task SaveComponentAsync(ComponentDocument component, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> LoadPausedAsync(CancellationToken cancellationToken);

    Task SetPausedAsync(string probe, bool paused, string by, DateTimeOffset now, CancellationToken cancellationToken);
}
