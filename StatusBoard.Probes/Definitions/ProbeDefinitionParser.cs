using System.Text.RegularExpressions;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Common;
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
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    public static partial Regex KeyPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    public static partial Regex RegionPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    internal static partial Regex VariablePattern();

    [GeneratedRegex(@"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderNamePattern();

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

        ProbeKind kind = ProbeKind.Http;
        if (document.Kind is not null && !WireNames.TryParse(document.Kind, out kind))
        {
            errors.Add("kind", $"'{document.Kind}' is not a probe kind; use one of: {string.Join(", ", WireNames.All<ProbeKind>())}");
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

        HttpRequestTemplate? request = null;
        IReadOnlyList<Condition> conditions = [];
        IReadOnlyList<JourneyStep> steps = [];
        string? target = null;
        var recordType = "A";
        System.Net.IPEndPoint? resolver = null;
        if (kind is ProbeKind.Tcp or ProbeKind.Tls or ProbeKind.Dns)
        {
            (target, recordType) = Targets.Parse(document, kind, errors);
            resolver = kind == ProbeKind.Dns ? Targets.Resolver(document.Resolver, errors) : null;
            conditions = ParseConditions(document.Conditions, "conditions", errors);
            if (conditions.Count == 0 && document.Conditions is not { Count: > 0 })
            {
                errors.Add("conditions", kind == ProbeKind.Dns ? "needs at least one condition, such as [DNS_RCODE] == NOERROR" : "needs at least one condition, such as [CONNECTED] == true");
            }

            if (document.Request is not null || document.Steps is { Count: > 0 })
            {
                errors.Add("request", $"a {kind.ToWire()} probe has a target, not a request or steps");
            }
        }
        else if (kind == ProbeKind.Http)
        {
            request = ParseRequest(document.Request, "request", errors, new HashSet<string>(StringComparer.Ordinal));
            conditions = ParseConditions(document.Conditions, "conditions", errors);
            if (conditions.Count == 0 && document.Conditions is not { Count: > 0 })
            {
                errors.Add("conditions", "needs at least one condition, such as [STATUS] == 200");
            }

            if (document.Steps is { Count: > 0 })
            {
                errors.Add("steps", "belongs to journeys; an http probe has one request");
            }
        }
        else
        {
            steps = JourneyStepParser.Parse(document.Steps, errors);
            if (document.Request is not null)
            {
                errors.Add("request", "belongs to http probes; a journey has its requests in steps");
            }

            if (document.Conditions is { Count: > 0 })
            {
                errors.Add("conditions", "belongs to http probes; a journey has conditions on each step");
            }
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

        var decompress = document.Decompress ?? true;
        if (!decompress)
        {
            request = request is null ? null : request with { Decompress = false };
            steps = steps.Select(step => step with { Request = step.Request with { Decompress = false } }).ToList();
        }

        definition = new ProbeDefinition
        {
            Fault = unset.Count == 0 ? null
                : string.Join("; ", unset.Select(Secrets.Refusal)) + " where this probe runs (server or agent): set it there and restart",
            Key = key!,
            Name = name!,
            Component = component!,
            Kind = kind,
            Regions = regions,
            Interval = interval,
            Timeout = timeout,
            Retries = retries,
            DegradedThreshold = degraded,
            Inverted = document.Invert == true,
            Request = request,
            ErrorCodePath = errorCodePath,
            Conditions = conditions,
            CategoryRules = rules,
            Steps = steps,
            Target = target,
            Send = document.Send,
            RecordType = recordType,
            Resolver = resolver,
            Source = source,
            Document = Normalize(document, key!, name!, component!, kind, interval, timeout, retries),
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
        Kind = kind.ToWire(),
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

    internal static HttpRequestTemplate? ParseRequest(RequestDocument? request, string field, ValidationErrors errors, IReadOnlySet<string> known)
    {
        if (request is null)
        {
            errors.Add(field, "is required");
            return null;
        }

        var method = (request.Method ?? "GET").Trim().ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            errors.Add($"{field}.method", $"'{request.Method}' is not one of {string.Join(", ", Methods)}");
        }

        var url = request.Url?.Trim() ?? "";
        var missing = new List<string>();
        var resolvedUrl = Secrets.Resolve(url, missing);
        var sample = Templates.Sample(resolvedUrl);
        if (url.Length == 0)
        {
            errors.Add($"{field}.url", "is required");
        }
        else if (url.Length > 2048 || !Uri.TryCreate(sample, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{field}.url", $"'{Shorten(url)}' is not an absolute http or https URL");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers ?? [])
        {
            if (!HeaderNamePattern().IsMatch(name ?? ""))
            {
                errors.Add($"{field}.headers", $"'{Shorten(name ?? "")}' is not a valid header name");
            }
            else if ((value ?? "").Any(c => c is '\r' or '\n' or '\0') || (value ?? "").Length > 8192)
            {
                errors.Add($"{field}.headers.{name}", "must be one line of at most 8192 characters");
            }
            else
            {
                headers[name!] = value ?? "";
            }
        }

        if (request.Body is { Length: > MaxBodyLength })
        {
            errors.Add($"{field}.body", $"is longer than {MaxBodyLength} characters");
        }

        foreach (var variable in new[] { url, request.Body }.Concat(headers.Values).SelectMany(Templates.VariablesIn))
        {
            if (!Templates.BuiltIns.Contains(variable) && !known.Contains(variable))
            {
                errors.Add(field, $"uses {{{{{variable}}}}}, which no earlier step extracts");
            }
        }

        // ${NAME} references become their values here, in the running definition only; the document keeps them.
        var resolvedHeaders = headers.ToDictionary(pair => pair.Key, pair => Secrets.Resolve(pair.Value, missing), StringComparer.OrdinalIgnoreCase);
        var resolvedBody = request.Body is null ? null : Secrets.Resolve(request.Body, missing);
        errors.UnsetSecrets.AddRange(missing.Distinct(StringComparer.Ordinal).Select(name => (field, name)));

        return new HttpRequestTemplate(method, resolvedUrl, resolvedHeaders, resolvedBody);
    }

    internal static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
