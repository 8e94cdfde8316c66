using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Storage;

/// <summary>Raw results and their rollups. Every storage provider passes the same contract tests.</summary>
public interface IResultStore
{
    /// <summary>Stores results and folds them into rollups, all or nothing. A result whose id is already stored is skipped.</summary>
    Task<int> WriteAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken);

    Task<IReadOnlyList<ProbeResult>> QueryAsync(ResultQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<Rollup>> RollupsAsync(RollupQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes raw results and fine rollups past their retention; returns the rows removed.</summary>
    Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
