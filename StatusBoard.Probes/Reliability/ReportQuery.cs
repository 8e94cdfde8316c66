using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;

namespace StatusBoard.Probes.Reliability;

/// <summary>
/// What a report covers: months <c>from</c>..<c>to</c> (inclusive, <c>YYYY-MM</c>), and which incidents it lists
/// (component, scope, category, impact, source <c>automatic</c> or <c>manual</c>). Read from a query string, with a
/// message per bad field.
/// </summary>
public sealed record ReportQuery(DateOnly From, DateOnly To)
{
    public const int MaxMonths = 36;

    public string? Component { get; init; }

    public Scope? Scope { get; init; }

    public string? Category { get; init; }

    public Impact? Impact { get; init; }

    /// <summary>True for automatic only, false for manual only, null for both.</summary>
    public bool? Automatic { get; init; }

    public (DateTimeOffset From, DateTimeOffset To) Period => (ReliabilityMath.Bounds(From).From, ReliabilityMath.Bounds(To).To);

    public bool Matches(Incident incident) =>
        (Component is null || incident.Components.Any(c => c.Key == Component))
        && (Scope is null || incident.Scope == Scope)
        && (Category is null || incident.Categories.ContainsKey(Category))
        && (Impact is null || incident.Impact == Impact)
        && (Automatic is null || incident.Automatic == Automatic);

    /// <summary>Parses the query; by default the last three months up to <paramref name="now"/>.</summary>
    public static ReportQuery? TryParse(Func<string, string?> read, DateTimeOffset now, out ValidationErrors errors)
    {
        errors = new ValidationErrors();
        var current = new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
        var to = Month(read("to"), "to", current, errors);
        var from = Month(read("from"), "from", to.AddMonths(-2), errors);
        if (errors.IsEmpty && from > to)
        {
            errors.Add("from", "must not be after 'to'");
        }
        else if (errors.IsEmpty && ((to.Year - from.Year) * 12) + to.Month - from.Month >= MaxMonths)
        {
            errors.Add("from", $"a report covers at most {MaxMonths} months");
        }

        var scope = Enum<Scope>(read("scope"), "scope", errors);
        var impact = Enum<Impact>(read("impact"), "impact", errors);
        bool? automatic = read("source") switch
        {
            null or "" or "all" => null,
            "automatic" => true,
            "manual" => false,
            _ => Invalid(errors, "source", "must be automatic, manual or all"),
        };
        var category = read("category") is { Length: > 0 } c ? c : null;
        if (category is not null && category != ReliabilityMath.Unclassified && !WireNames.TryParse<Classification.FailureCategory>(category, out _))
        {
            errors.Add("category", $"must be one of: {string.Join(", ", WireNames.All<Classification.FailureCategory>())}");
        }

        var component = read("component") is { Length: > 0 } k ? k : null;
        return errors.IsEmpty
            ? new ReportQuery(from, to) { Component = component, Scope = scope, Impact = impact, Automatic = automatic, Category = category }
            : null;
    }

    private static DateOnly Month(string? text, string field, DateOnly fallback, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return month;
        }

        errors.Add(field, "must be a month written YYYY-MM, e.g. 2026-11");
        return fallback;
    }

    private static T? Enum<T>(string? text, string field, ValidationErrors errors) where T : struct, System.Enum
    {
        if (string.IsNullOrEmpty(text) || text == "all")
        {
            return null;
        }

        if (WireNames.TryParse<T>(text, out var value))
        {
            return value;
        }

        errors.Add(field, $"must be one of: {string.Join(", ", WireNames.All<T>())}");
        return null;
    }

    private static bool? Invalid(ValidationErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }
}
