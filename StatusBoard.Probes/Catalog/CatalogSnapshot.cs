using StatusBoard.Probes.Definitions;

namespace StatusBoard.Probes.Catalog;

/// <summary>The catalog at one moment; never changed, only replaced.</summary>
public sealed record CatalogSnapshot(IReadOnlyList<ComponentDefinition> Components, IReadOnlyList<ProbeDefinition> Probes)
{
    /// <summary>Keys of the probes an operator paused: not run, not counted in health.</summary>
    public IReadOnlySet<string> Paused { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The probes that run and count.</summary>
    public IReadOnlyList<ProbeDefinition> Active => Paused.Count == 0 ? Probes : Probes.Where(p => !Paused.Contains(p.Key)).ToList();

    public bool IsPaused(string key) => Paused.Contains(key);

    public ProbeDefinition? FindProbe(string key) => Probes.FirstOrDefault(p => p.Key == key);

    public ComponentDefinition? FindComponent(string key) => Components.FirstOrDefault(c => c.Key == key);

    public IReadOnlyList<ComponentDefinition> OrderedComponents =>
        Components.OrderBy(c => c.Position).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
}
