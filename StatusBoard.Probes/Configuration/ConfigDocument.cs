using StatusBoard.Probes.Maintenance;
using StatusBoard.Probes.Notifications;

namespace StatusBoard.Probes.Configuration;

/// <summary>
/// Everything an installation is set up with, as one document (JSON or YAML): components, probes, maintenance
/// windows, notification channels. Secrets are <c>${ENV_VAR}</c> references, never values.
/// </summary>
public sealed class ConfigDocument
{
    public List<ComponentDocument>? Components { get; set; }

    public List<ProbeDocument>? Probes { get; set; }

    public List<MaintenanceDocument>? Maintenance { get; set; }

    public List<ChannelOptions>? NotificationChannels { get; set; }

    /// <summary>
    /// Keys of this document's probes that are paused (their schedule stopped, as after Pause): exported as they are,
    /// imported paused. A probe left out keeps whether it is paused.
    /// </summary>
    public List<string>? Paused { get; set; }

    /// <summary>On export: the environment variables the document refers to. Ignored on import.</summary>
    public List<string>? Secrets { get; set; }

    public static ConfigDocument Merge(IEnumerable<ConfigDocument> documents)
    {
        var merged = new ConfigDocument { Components = [], Probes = [], Maintenance = [], NotificationChannels = [], Paused = [] };
        foreach (var document in documents)
        {
            merged.Components.AddRange(document.Components ?? []);
            merged.Probes.AddRange(document.Probes ?? []);
            merged.Maintenance.AddRange(document.Maintenance ?? []);
            merged.NotificationChannels.AddRange(document.NotificationChannels ?? []);
            merged.Paused.AddRange(document.Paused ?? []);
        }

        return merged;
    }
}

/// <summary>What an import would do, or did, per kind: keys added, changed, unchanged, removed.</summary>
public sealed record ConfigPlan(ChangeSet Components, ChangeSet Probes, ChangeSet Maintenance, ChangeSet NotificationChannels)
{
    /// <summary>Probes of the document that are paused by it (not paused before).</summary>
    public IReadOnlyList<string> Paused { get; init; } = [];

    public bool ChangesAnything => Paused.Count > 0 || new[] { Components, Probes, Maintenance, NotificationChannels }.Any(c => c.Added.Count + c.Changed.Count + c.Removed.Count > 0);
}

public sealed record ChangeSet(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Unchanged, IReadOnlyList<string> Removed);
