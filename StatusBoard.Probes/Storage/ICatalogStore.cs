namespace StatusBoard.Probes.Storage;

/// <summary>
/// Probes, components and pauses created through the API, /ops or an import, kept as the documents they were written
/// as. Each write runs in <c>work</c> when one is given (several stores in one transaction), otherwise on its own.
/// </summary>
public interface ICatalogStore
{
    Task<IReadOnlyList<ProbeDocument>> LoadProbesAsync(CancellationToken cancellationToken);

    Task SaveProbeAsync(ProbeDocument probe, DateTimeOffset now, CancellationToken cancellationToken, UnitOfWork? work = null);

        /// <summary>Removes a probe and its pause.</summary>
    Task<bool> DeleteProbeAsync(string key, CancellationToken cancellationToken, UnitOfWork? work = null);

    Task<IReadOnlyList<ComponentDocument>> LoadComponentsAsync(CancellationToken cancellationToken);

    Task SaveComponentAsync(ComponentDocument component, DateTimeOffset now, CancellationToken cancellationToken, UnitOfWork? work = null);

    Task<bool> DeleteComponentAsync(string key, CancellationToken cancellationToken, UnitOfWork? work = null);

    Task<IReadOnlyList<string>> LoadPausedAsync(CancellationToken cancellationToken);

    Task SetPausedAsync(string probe, bool paused, string by, DateTimeOffset now, CancellationToken cancellationToken, UnitOfWork? work = null);
}
