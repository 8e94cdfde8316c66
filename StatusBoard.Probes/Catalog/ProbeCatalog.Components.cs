using System.Text.RegularExpressions;

namespace StatusBoard.Probes.Catalog;

/// <summary>The catalog's components: added and changed through the API or /ops, checked with a message per field.</summary>
public sealed partial class ProbeCatalog
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ComponentKey();

    public async Task<CatalogChange> CreateComponentAsync(ComponentDocument document, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (!TryComponent(document, DefinitionSource.Api, out var component, out var errors))
            {
                return new CatalogChange.Invalid(errors);
            }

            if (_snapshot.FindComponent(component!.Key) is not null)
            {
                return new CatalogChange.Conflict($"Component '{component.Key}' already exists.");
            }

            await store.SaveComponentAsync(document, time.GetUtcNow(), cancellationToken);
            Publish(_snapshot with { Components = [.. _snapshot.Components, component] });
            return new CatalogChange.Done<ComponentDefinition>(component);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>
    /// Renames, describes or moves a component added through the API or /ops (its key stays); one from configuration is
    /// changed there.
    /// </summary>
    public async Task<CatalogChange> UpdateComponentAsync(string key, ComponentDocument document, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot.FindComponent(key) is not { } current)
            {
                return new CatalogChange.NotFound(key);
            }

            if (current.Source == DefinitionSource.Configuration)
            {
                return new CatalogChange.Conflict($"Component '{key}' comes from configuration (StatusBoard:Components); change it there.");
            }

            document.Key = key;
            if (!TryComponent(document, DefinitionSource.Api, out var component, out var errors))
            {
                return new CatalogChange.Invalid(errors);
            }

            await store.SaveComponentAsync(document, time.GetUtcNow(), cancellationToken);
            Publish(_snapshot with { Components = [.. _snapshot.Components.Select(c => c.Key == key ? component! : c)] });
            return new CatalogChange.Done<ComponentDefinition>(component!);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Text by language, blanks dropped and trimmed; each at most 100 characters without control characters.</summary>
    private static Dictionary<string, string> Texts(Dictionary<string, string>? byLanguage, string field, ValidationErrors errors)
    {
        var texts = (byLanguage ?? []).Where(pair => !string.IsNullOrWhiteSpace(pair.Value))
            .ToDictionary(pair => pair.Key, pair => pair.Value.Trim(), StringComparer.OrdinalIgnoreCase);
        foreach (var (language, text) in texts.Where(pair => pair.Value.Length > 100 || Common.PlainText.HasHidden(pair.Value)))
        {
            errors.Add($"{field}.{language}", "must be at most 100 characters without control characters");
        }

        return texts;
    }

    public static bool TryComponent(ComponentDocument document, DefinitionSource source, out ComponentDefinition? component, out ValidationErrors errors)
    {
        errors = new ValidationErrors();
        component = null;
        var key = document.Key?.Trim() ?? "";
        if (!ComponentKey().IsMatch(key))
        {
            errors.Add("key", "is required: 1 to 64 lower-case letters, digits, '_' or '-'");
        }

        var names = Texts(document.Names, "names", errors);
        if (!names.ContainsKey("en"))
        {
            errors.Add("names.en", "is required: the English name users read");
        }

        var group = Texts(document.Group, "group", errors);
        if (group.Count > 0 && !group.ContainsKey("en"))
        {
            errors.Add("group.en", "is required when the group is named: the English name, which makes components one group");
        }

        if (document.Description is { Length: > 1000 })
        {
            errors.Add("description", "must be at most 1000 characters");
        }

        var descriptions = (document.Descriptions ?? []).Where(pair => !string.IsNullOrWhiteSpace(pair.Value))
            .ToDictionary(pair => pair.Key, pair => pair.Value.Trim(), StringComparer.OrdinalIgnoreCase);
        foreach (var (language, text) in descriptions.Where(pair => pair.Value.Length > 1000 || Common.PlainText.HasHidden(pair.Value)))
        {
            errors.Add($"descriptions.{language}", "must be at most 1000 characters without control characters");
        }

        if (!errors.IsEmpty)
        {
            return false;
        }

        component = new ComponentDefinition(key, names, document.Description?.Trim(), document.Position ?? 0, source)
        {
            Group = group.Count == 0 ? null : group,
            Descriptions = descriptions,
        };
        return true;
    }
}
