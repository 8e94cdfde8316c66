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

    /// <summary>
    /// By position, except that a group stands where its first member does, with all its members together in their
    /// order: every surface that lists components shows a group as one block.
    /// </summary>
    public IReadOnlyList<ComponentDefinition> OrderedComponents
    {
        get
        {
            var byPosition = Components.OrderBy(c => c.Position).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
            var groupAt = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < byPosition.Count; i++)
            {
                if (byPosition[i].GroupName is { } group)
                {
                    groupAt.TryAdd(group, i);
                }
            }

            return groupAt.Count == 0 ? byPosition : byPosition
                .Select((component, index) => (Component: component, Index: index, At: component.GroupName is { } group ? groupAt[group] : index))
                .OrderBy(entry => entry.At).ThenBy(entry => entry.Index).Select(entry => entry.Component).ToList();
        }
    }
}
