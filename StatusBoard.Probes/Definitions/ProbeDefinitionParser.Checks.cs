using StatusBoard.Probes.Conditions;

namespace StatusBoard.Probes.Definitions;

/// <summary>What holds across a probe's parts once its kind has read its own: fields no one reads, placeholders it lacks.</summary>
public static partial class ProbeDefinitionParser
{
    /// <summary>A field of the document that neither the common part nor the kind reads is a mistake, named as one.</summary>
    private static void CheckOwnFields(ProbeDocument document, ProbeKind kind, ValidationErrors errors)
    {
        foreach (var field in document.Extensions?.Keys.AsEnumerable() ?? [])
        {
            if (!kind.OwnFields.Contains(field, StringComparer.Ordinal))
            {
                var owner = Kinds.ProbeKinds.All.FirstOrDefault(other => other.OwnFields.Contains(field, StringComparer.Ordinal));
                errors.Add(field, owner is null ? "is not a field of a probe" : $"belongs to {owner.Name} probes, not to a {kind.Name} probe");
            }
        }
    }

    /// <summary>Each condition reads a placeholder its kind offers: a tcp probe has no [STATUS] to compare.</summary>
    private static void CheckPlaceholders(ProbeSection section, ProbeKind kind, ValidationErrors errors)
    {
        var conditions = section.Conditions.Select((condition, i) => ($"conditions[{i}]", condition))
            .Concat(section.Steps.SelectMany((step, s) => step.Conditions.Select((condition, i) => ($"steps[{s}].conditions[{i}]", condition))));
        foreach (var (field, condition) in conditions)
        {
            if (condition.Reads is { } placeholder && !kind.Placeholders.Contains(placeholder))
            {
                errors.Add(field, $"a {kind.Name} probe has no {PlaceholderNames.Written(placeholder)}; its conditions read {PlaceholderNames.List(kind.Placeholders)}");
            }
        }
    }
}
