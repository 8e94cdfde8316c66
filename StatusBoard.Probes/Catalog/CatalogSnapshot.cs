using StatusBoard.Probes.Definitions;

namespace StatusBoard.Probes.Catalog;

/// <summary>The catalog at one moment; never changed, only replaced.</summary>
public sealed record CatalogSnapshot(IReadOnlyList<ComponentDefinition> Components, IReadOnlyList<ProbeDefinition> Probes)
{
    public ProbeDefinition? FindProbe(string key) => Probes.FirstOrDefault(p => p.Key == key);

    public ComponentDefinition? FindComponent(string key) => Components.FirstOrDefault(c => c.Key == key);

    public IReadOnlyList<ComponentDefinition> OrderedComponents =>
        Components.OrderBy(c => c.Position).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
}
