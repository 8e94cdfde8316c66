using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Maintenance;

namespace StatusBoard.Probes.Configuration;

/// <summary>Every item of an import checked with the API's rules before anything is written, each problem named by its place.</summary>
public sealed partial class ConfigImporter
{
    private (State Wanted, ValidationErrors Errors) Check(ConfigDocument document, State current, bool prune)
    {
        var errors = new ValidationErrors();
        var now = time.GetUtcNow();
        var configured = configuration.Components.Select(c => c.Document.Key ?? "").ToHashSet(StringComparer.Ordinal);
        var components = new Dictionary<string, ComponentDefinition>(StringComparer.Ordinal);
        foreach (var existing in catalog.Current.Components.Where(c => c.Source == DefinitionSource.Configuration || !prune))
        {
            components[existing.Key] = existing;
        }

        var wantedComponents = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (item, index) in (document.Components ?? []).Select((c, i) => (c, i)))
        {
            if (configured.Contains(item.Key?.Trim() ?? ""))
            {
                errors.Add($"components[{index}].key", $"'{item.Key}' is defined in configuration (StatusBoard:Components); change it there");
            }
            else if (!ProbeCatalog.TryComponent(item, DefinitionSource.Api, out var component, out var problems))
            {
                Copy(problems, $"components[{index}]", errors);
            }
            else if (!wantedComponents.TryAdd(component!.Key, item))
            {
                errors.Add($"components[{index}].key", $"'{component.Key}' is in the document twice");
            }
            else
            {
                components[component.Key] = component;
            }
        }

        var configuredProbes = configuration.Probes.Select(p => p.Document.Key ?? "").ToHashSet(StringComparer.Ordinal);
        var wantedProbes = new Dictionary<string, object>(StringComparer.Ordinal);
        var wantedDefinitions = new List<ProbeDefinition>();
        foreach (var (item, index) in (document.Probes ?? []).Select((p, i) => (p, i)))
        {
            if (configuredProbes.Contains(item.Key?.Trim() ?? ""))
            {
                errors.Add($"probes[{index}].key", $"'{item.Key}' is defined in configuration (StatusBoard:Probes); change it there");
            }
            else if (!catalog.TryAdmit(item, components.ContainsKey, out var probe, out var problems))
            {
                Copy(problems, $"probes[{index}]", errors);
            }
            else if (!wantedProbes.TryAdd(probe!.Key, probe.Document))
            {
                errors.Add($"probes[{index}].key", $"'{probe.Key}' is in the document twice");
            }
            else
            {
                wantedDefinitions.Add(probe);
            }
        }

        foreach (var (key, index) in (document.Paused ?? []).Select((k, i) => (k, i)))
        {
            if (!wantedProbes.ContainsKey(key ?? ""))
            {
                errors.Add($"paused[{index}]", $"'{key}' is not a probe of this document; only its own probes can be imported paused");
            }
        }

        // The budget is for the probes there would be after the import: configuration's, those kept, those imported.
        var kept = catalog.Current.Probes.Where(p => p.Source == DefinitionSource.Configuration || (!prune && !wantedProbes.ContainsKey(p.Key)));
        foreach (var (field, messages) in catalog.OverBudget([.. kept, .. wantedDefinitions], "probes").ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }

        var wantedWindows = new Dictionary<string, object>(StringComparer.Ordinal);
        var windows = new Dictionary<string, MaintenanceWindow>(StringComparer.Ordinal);
        foreach (var (item, index) in (document.Maintenance ?? []).Select((m, i) => (m, i)))
        {
            // A window without an id gets one from what it is, so importing the same document twice changes nothing.
            item.Id ??= "cfg" + StableHash.Of($"{item.Title?.Primary}|{item.StartsAt:O}|{item.EndsAt:O}").ToString("x16", System.Globalization.CultureInfo.InvariantCulture)[..13];
            if (!MaintenanceDocument.TryParse(item, key => components.GetValueOrDefault(key), now, out var window, out var problems))
            {
                Copy(problems, $"maintenance[{index}]", errors);
            }
            else if (!wantedWindows.TryAdd(window!.Id, MaintenanceDocument.From(window)))
            {
                errors.Add($"maintenance[{index}].id", $"'{window.Id}' is in the document twice");
            }
            else
            {
                windows[window.Id] = window;
            }
        }

        var configuredChannels = notificationOptions.Value.Channels.Select((c, i) => string.IsNullOrWhiteSpace(c.Name) ? $"channel-{i}" : c.Name.Trim()).ToHashSet(StringComparer.Ordinal);
        var wantedChannels = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (item, index) in (document.NotificationChannels ?? []).Select((c, i) => (c, i)))
        {
            var problems = channels.Admit(item);
            var name = item.Name?.Trim() ?? "";
            if (!problems.IsEmpty)
            {
                Copy(problems, $"notificationChannels[{index}]", errors);
            }
            else if (configuredChannels.Contains(name))
            {
                errors.Add($"notificationChannels[{index}].name", $"'{name}' is defined in configuration; change it there");
            }
            else if (!wantedChannels.TryAdd(name, item))
            {
                errors.Add($"notificationChannels[{index}].name", $"'{name}' is in the document twice");
            }
        }

        // Pruning may not take away a component that a configuration probe still runs for.
        foreach (var (configKey, probe) in configuration.Probes.Where(p => !components.ContainsKey(p.Document.Component ?? "")))
        {
            errors.Add("components", $"removing '{probe.Component}' would leave {configKey} ({probe.Key}) without its component");
        }

        return (new State(wantedComponents, wantedProbes, wantedWindows, wantedChannels) { Windows = windows }, errors);
    }

    private static void Copy(ValidationErrors from, string prefix, ValidationErrors to)
    {
        foreach (var (field, messages) in from.ToDictionary())
        {
            foreach (var message in messages)
            {
                to.Add($"{prefix}.{field}", message);
            }
        }
    }
}
