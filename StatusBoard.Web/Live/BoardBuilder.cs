using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Health;

namespace StatusBoard.Web.Live;

/// <summary>Builds the dashboard's <see cref="BoardView"/> from the catalog, the tracked health and the live statistics.</summary>
public sealed class BoardBuilder(ProbeCatalog catalog, HealthTracker tracker, HealthService health, LiveStats stats, IOptions<HealthOptions> options, TimeProvider time, IRegionPresence? presence = null)
{
    public const double SparklineWidth = 60;
    public const double SparklineHeight = 16;

    public BoardView Build()
    {
        var now = time.GetUtcNow();
        var snapshot = catalog.Current;
        var pairs = tracker.Snapshot(now, withRecent: false).ToDictionary(p => (p.Probe, p.Region));
        var components = health.Current();
        var regions = snapshot.Probes.SelectMany(p => p.Regions).Distinct(StringComparer.Ordinal)
            .OrderBy(r => catalog.LocalRegions.Contains(r) ? 0 : 1).ThenBy(r => r, StringComparer.Ordinal).ToList();

        var groups = components.Select(component =>
        {
            var rows = snapshot.Probes.Where(p => p.Component == component.Key).OrderBy(p => p.Key, StringComparer.Ordinal).Select(probe =>
            {
                var paused = snapshot.IsPaused(probe.Key);
                var cells = regions.Select(region =>
                {
                    if (!probe.Regions.Contains(region))
                    {
                        return null;
                    }

                    var pair = pairs.GetValueOrDefault((probe.Key, region));
                    var status = paused ? CellStatus.Paused
                        : pair?.Error is not null ? CellStatus.Error
                        : pair is null || !HealthEvaluator.IsFresh(pair, probe, now, options.Value) || presence?.IsSilent(region, now) == true ? CellStatus.Blind
                        : pair.Unconfirmed ? CellStatus.Failing
                        : pair.State switch { Outcome.Down => CellStatus.Down, Outcome.Degraded => CellStatus.Degraded, _ => CellStatus.Up };
                    var figures = stats.Read(probe.Key, region, now);
                    return new CellView(
                        probe.Key, region, status, figures.SuccessRate5m, figures.SuccessRate1h, figures.P50Ms, figures.P95Ms, figures.P99Ms,
                        Sparkline(figures.Sparkline),
                        status is CellStatus.Up ? null : status is CellStatus.Error ? FailureCategory.Probe : pair?.LastCategory ?? figures.DominantCategory,
                        pair is { HasResults: true } ? pair.LastResultAt : null)
                    {
                        Basis = status is CellStatus.Paused or CellStatus.Blind || pair is null ? "" : Basis(pair, options.Value),
                    };
                }).ToList();
                return new ProbeRow(probe.Key, probe.Name, probe.Kind.Name, paused, cells);
            }).ToList();
            return new ComponentGroup(component.Key, component.Name, component.Status, component.Scope, rows);
        }).ToList();

        var categories = stats.CategoryTimeline(now).Select(c => new CategoryCount(c.Key, c.Value.Sum(), c.Value))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Category).ToList();
        return new BoardView(now, regions, components, groups, categories);
    }

    /// <summary>What the cell's status was decided on: the newest results in a row, against the counts that confirm.</summary>
    public static string Basis(PairHealth pair, HealthOptions options) => pair.Error is { } error
        ? $"StatusBoard cannot run it: {error.Message}"
        : (pair.State, pair.LastOutcome) switch
    {
        (Outcome.Up, Outcome.Up) => $"{pair.InRow} ok in a row",
        (Outcome.Up, _) => $"{pair.InRow} of {options.ConfirmationCount} failed to confirm",
        (_, Outcome.Up) => $"recovering: {pair.InRow} of {options.RecoveryCount} ok",
        _ => $"{pair.InRow} failed in a row",
    };

    /// <summary>Points of an SVG polyline, latest minute on the right, scaled to the largest value.</summary>
    public static string Sparkline(IReadOnlyList<double?> values)
    {
        var max = values.Max() ?? 0;
        if (max <= 0)
        {
            return "";
        }

        var text = new StringBuilder();
        var step = SparklineWidth / Math.Max(1, values.Count - 1);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } value)
            {
                continue;
            }

            var y = SparklineHeight - (value / max * (SparklineHeight - 1)) - 0.5;
            text.Append(CultureInfo.InvariantCulture, $"{i * step:0.#},{y:0.#} ");
        }

        return text.ToString().TrimEnd();
    }
}
