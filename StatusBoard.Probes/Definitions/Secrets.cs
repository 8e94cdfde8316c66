using System.Text.RegularExpressions;

namespace StatusBoard.Probes.Definitions;

/// <summary>
/// Secrets in probe and channel documents are references to environment variables, <c>${PAYMENTS_TOKEN}</c>, never
/// values: the document (stored, exported, shown) keeps the reference; the running definition gets the value.
/// </summary>
public static partial class Secrets
{
    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]{0,127})\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    /// <summary>Where values come from; the process environment, unless a test says otherwise.</summary>
    public static Func<string, string?> Lookup { get; set; } = Environment.GetEnvironmentVariable;

    public static bool HasReference(string? text) => text is not null && Reference().IsMatch(text);

    /// <summary>The variable names a text refers to.</summary>
    public static IEnumerable<string> NamesIn(string? text) =>
        Reference().Matches(text ?? "").Select(match => match.Groups[1].Value);

    /// <summary>The text with every reference replaced by its value; the names of those that are not set in <paramref name="missing"/>.</summary>
    public static string Resolve(string text, List<string> missing) => Reference().Replace(text, match =>
    {
        var value = Lookup(match.Groups[1].Value);
        if (value is null)
        {
            missing.Add(match.Groups[1].Value);
            return match.Value;
        }

        return value;
    });
}
