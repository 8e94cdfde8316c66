using System.Text.RegularExpressions;

namespace StatusBoard.Probes.Definitions;

/// <summary>
/// Fills the placeholders of a request: <c>{sandbox}</c> (the built-in gateway's base address), <c>{region}</c>
/// (the region the run is for), <c>{{uuid}}</c> (new for every request), <c>{{timestamp}}</c>, and values extracted
/// by earlier journey steps.
/// </summary>
public static partial class Templates
{
    public const string Sandbox = "{sandbox}";
    public const string Region = "{region}";

    public static readonly IReadOnlySet<string> BuiltIns = new HashSet<string>(StringComparer.Ordinal) { "uuid", "timestamp" };

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();

    public static IEnumerable<string> VariablesIn(string? text) =>
        text is null ? [] : Variable().Matches(text).Select(match => match.Groups[1].Value);

    public static string Expand(string text, TemplateValues values)
    {
        var expanded = Variable().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            return name switch
            {
                "uuid" => Guid.NewGuid().ToString(),
                "timestamp" => values.Now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => values.Variables.TryGetValue(name, out var value) ? value : match.Value,
            };
        });

        return expanded
            .Replace(Sandbox, values.SandboxBase?.TrimEnd('/') ?? Sandbox, StringComparison.Ordinal)
            .Replace(Region, values.Region, StringComparison.Ordinal);
    }
}

/// <summary>What a template is filled with for one run.</summary>
public sealed record TemplateValues(string Region, string? SandboxBase, DateTimeOffset Now, IReadOnlyDictionary<string, string> Variables);
