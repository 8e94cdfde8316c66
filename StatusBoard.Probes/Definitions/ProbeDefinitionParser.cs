using System.Text.RegularExpressions;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;

namespace StatusBoard.Probes.Definitions;

/// <summary>
/// Turns a <see cref="ProbeDocument"/> into a <see cref="ProbeDefinition"/>, or lists every field that is wrong.
/// Used alike for configuration at start and for the API, so both reject the same things with the same words.
/// </summary>
public static partial class ProbeDefinitionParser
{
    public const int MaxBodyLength = 64 * 1024;
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(2);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    public static partial Regex KeyPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    public static partial Regex RegionPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    internal static partial Regex VariablePattern();

    /// <summary>Parses a probe document; false with every wrong field in <paramref name="errors"/>.</summary>
    /// <param name="document">The probe as written.</param>
    /// <param name="componentExists">Whether a component key is known.</param>
    /// <param name="source">Where the document comes from.</param>
    /// <param name="definition">The runnable probe, when it parses.</param>
    /// <param name="errors">Every field that is wrong.</param>
    /// <param name="unsetSecretsAreFaults">
    /// True when loading what was saved before (the store at start, an agent's assignment): a <c>${NAME}</c> whose variable
    /// is not set in this process makes the probe run as an error that says so, instead of vanishing from the schedule.
    /// </param>
    public static bool TryParse(
        ProbeDocument document,
        Func<string, bool> componentExists,
        DefinitionSource source,
        out ProbeDefinition? definition,
        out ValidationErrors errors,
        bool unsetSecretsAreFaults = false)
    {
        errors = new ValidationErrors();
        definition = null;

        var key = document.Key?.Trim();
        if (string.IsNullOrEmpty(key) || !KeyPattern().IsMatch(key))
        {
            errors.Add("key", "is required: 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        var name = document.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200 || PlainText.HasHidden(name))
        {
            errors.Add("name", "is required: 1 to 200 characters without control characters");
        }

        var component = document.Component?.Trim();
        if (string.IsNullOrEmpty(component))
        {
            errors.Add("component", "is required");
        }
        else if (!componentExists(component))
        {
            errors.Add("component", $"'{component}' is not a known component");
        }

        var kind = document.Kind is null ? Kinds.ProbeKinds.Http : Kinds.ProbeKinds.Find(document.Kind);
        if (kind is null)
        {
            errors.Add("kind", $"'{document.Kind}' is not a probe kind; use one of: {Kinds.ProbeKinds.Names}");
        }

        var regions = ParseRegions(document.Regions, errors);
        var interval = ParseDuration(document.Interval, "interval", TimeSpan.FromSeconds(60), MinInterval, MaxInterval, errors);
        var timeout = ParseDuration(document.Timeout, "timeout", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), MaxTimeout, errors);
        TimeSpan? degraded = document.DegradedThreshold is null
            ? null
            : ParseDuration(document.DegradedThreshold, "degradedThreshold", TimeSpan.Zero, TimeSpan.FromMilliseconds(1), MaxTimeout, errors);

        var retries = document.Retries ?? 0;
        if (retries is < 0 or > 5)
        {
            errors.Add("retries", "must be between 0 and 5");
        }

        JsonPath? errorCodePath = null;
        if (!string.IsNullOrWhiteSpace(document.ErrorCodePath) && !JsonPath.TryParse(document.ErrorCodePath.Trim(), out errorCodePath, out var pathError))
        {
            errors.Add("errorCodePath", pathError);
        }

        var rules = ParseRules(document.CategoryRules, errors);

        var section = kind?.Parse(document, errors) ?? new ProbeSection();
        if (kind is not null)
        {
            CheckOwnFields(document, kind, errors);
            CheckPlaceholders(section, kind, errors);
        }

        var unset = errors.UnsetSecrets.Select(u => u.Name).Distinct(StringComparer.Ordinal).ToList();
        if (!unsetSecretsAreFaults)
        {
            foreach (var (field, variable) in errors.UnsetSecrets.DistinctBy(u => u.Name))
            {
                errors.Add(field, Secrets.Refusal(variable));
            }
        }

        if (!errors.IsEmpty)
        {
            return false;
        }

        if (document.Decompress == false)
        {
            section = section with
            {
                Request = section.Request is { } request ? request with { Decompress = false } : null,
                Steps = [.. section.Steps.Select(step => step with { Request = step.Request with { Decompress = false } })],
            };
        }

        definition = new ProbeDefinition
        {
            Fault = unset.Count == 0 ? null
                : string.Join("; ", unset.Select(Secrets.Refusal)) + " where this probe runs (server or agent): set it there and restart",
            Key = key!,
            Name = name!,
            Component = component!,
            Kind = kind!,
            Regions = regions,
            Interval = interval,
            Timeout = timeout,
            Retries = retries,
            DegradedThreshold = degraded,
            Inverted = document.Invert == true,
            Request = section.Request,
            ErrorCodePath = errorCodePath,
            Conditions = section.Conditions,
            CategoryRules = rules,
            Steps = section.Steps,
            Target = section.Target,
            Send = section.Send,
            RecordType = section.RecordType,
            Resolver = section.Resolver,
            Settings = section.Settings,
            Source = source,
            Document = Normalize(document, key!, name!, component!, kind!, interval, timeout, retries),
        };
        return true;
    }

    public static ProbeDefinition Parse(ProbeDocument document, Func<string, bool> componentExists, DefinitionSource source = DefinitionSource.Api) =>
        TryParse(document, componentExists, source, out var definition, out var errors)
            ? definition!
            : throw new DefinitionException($"Probe '{document.Key}' is invalid: {errors}", errors);

    private static ProbeDocument Normalize(ProbeDocument document, string key, string name, string component, ProbeKind kind, TimeSpan interval, TimeSpan timeout, int retries) => new()
    {
        Key = key,
        Name = name,
        Component = component,
        Kind = kind.Name,
        Regions = document.Regions?.Select(region => region.Trim()).ToList(),
        Interval = Durations.Format(interval),
        Timeout = Durations.Format(timeout),
        Retries = retries,
        DegradedThreshold = document.DegradedThreshold,
        Request = document.Request,
        ErrorCodePath = document.ErrorCodePath,
        Conditions = document.Conditions,
        CategoryRules = document.CategoryRules,
        Steps = document.Steps,
        Target = document.Target,
        Send = document.Send,
        RecordType = document.RecordType,
        Resolver = document.Resolver,
        Decompress = document.Decompress,
        Invert = document.Invert,
        Extensions = document.Extensions is { Count: > 0 } own ? new Dictionary<string, System.Text.Json.JsonElement>(own, StringComparer.Ordinal) : null,
    };

    private static List<string> ParseRegions(List<string>? regions, ValidationErrors errors)
    {
        if (regions is not { Count: > 0 })
        {
            errors.Add("regions", "needs at least one region, such as [\"cn-east\"]");
            return [];
        }

        var result = new List<string>();
        for (var i = 0; i < regions.Count; i++)
        {
            var region = regions[i]?.Trim() ?? "";
            if (!RegionPattern().IsMatch(region))
            {
                errors.Add($"regions[{i}]", $"'{regions[i]}' is not a region name: lower-case letters, digits and '-', up to 32");
            }
            else if (result.Contains(region))
            {
                errors.Add($"regions[{i}]", $"'{region}' is listed twice");
            }
            else
            {
                result.Add(region);
            }
        }

        return result;
    }

    internal static TimeSpan ParseDuration(string? text, string field, TimeSpan fallback, TimeSpan min, TimeSpan max, ValidationErrors errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!Durations.TryParse(text, out var value, out var error))
        {
            errors.Add(field, error);
            return fallback;
        }

        if (value < min || value > max)
        {
            errors.Add(field, $"must be between {Durations.Format(min)} and {Durations.Format(max)}");
        }

        return value;
    }

    private static List<CategoryRule> ParseRules(List<CategoryRuleDocument>? rules, ValidationErrors errors)
    {
        var result = new List<CategoryRule>();
        for (var i = 0; i < (rules?.Count ?? 0); i++)
        {
            var rule = rules![i];
            var field = $"categoryRules[{i}]";
            if (rule is null || (string.IsNullOrWhiteSpace(rule.ErrorCode) && rule.Status is null))
            {
                errors.Add(field, "needs an errorCode or a status to match");
                continue;
            }

            if (rule.Status is { } status && status is < 100 or > 599)
            {
                errors.Add($"{field}.status", "must be an HTTP status code between 100 and 599");
            }

            if (!WireNames.TryParse<FailureCategory>(rule.Category, out var category))
            {
                errors.Add($"{field}.category", $"'{rule.Category}' is not a category; use one of: {string.Join(", ", WireNames.All<FailureCategory>())}");
                continue;
            }

            result.Add(new CategoryRule(rule.ErrorCode?.Trim(), rule.Status, category));
        }

        return result;
    }

    internal static List<Condition> ParseConditions(List<string>? texts, string field, ValidationErrors errors)
    {
        var result = new List<Condition>();
        for (var i = 0; i < (texts?.Count ?? 0); i++)
        {
            if (Condition.TryParse(texts![i], out var condition, out var error))
            {
                result.Add(condition!);
            }
            else
            {
                errors.Add($"{field}[{i}]", $"condition '{texts[i]}' is invalid: {error}");
            }
        }

        return result;
    }

    internal static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
