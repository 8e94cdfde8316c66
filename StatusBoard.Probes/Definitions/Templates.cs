using System.Text.RegularExpressions;

namespace StatusBoard.Probes.Definitions;

/// <summary>
/// Fills the placeholders of a request: <c>{sandbox}</c> (the built-in gateway's base address), <c>{region}</c>
/// (the region the run is for), <c>{{uuid}}</c> (a fresh UUID), <c>{{timestamp}}</c>, and values extracted by earlier
/// journey steps. With <see cref="TemplateValues.Draw"/> a placeholder is drawn once per run and place, so retries of
/// the run resend the same values.
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

    /// <summary>The text filled with stand-in values (sandbox, region, every variable <c>x</c>): its shape, judged at save time.</summary>
    public static string Sample(string text)
    {
        var sample = Expand(text, new TemplateValues("region", "http://sandbox.invalid", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()));
        return VariablesIn(sample).Aggregate(sample, (filled, variable) => filled.Replace("{{" + variable + "}}", "x", StringComparison.Ordinal));
    }

    /// <summary>Fills <paramref name="text"/>; <paramref name="slot"/> says where it stands (step and field) for values drawn once per run.</summary>
    public static string Expand(string text, TemplateValues values, string slot = "")
    {
        var occurrence = 0;
        var expanded = Variable().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            var place = $"{slot}#{occurrence++}:{name}";
            return name switch
            {
                "uuid" => values.Draw(place, () => Guid.NewGuid().ToString()),
                "timestamp" => values.Draw(place, () => values.Now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                _ => values.Variables.TryGetValue(name, out var value) ? value : match.Value,
            };
        });

        return expanded
            .Replace(Sandbox, values.SandboxBase?.TrimEnd('/') ?? Sandbox, StringComparison.Ordinal)
            .Replace(Region, values.Region, StringComparison.Ordinal);
    }
}

/// <summary>What a template is filled with for one run.</summary>
public sealed record TemplateValues(string Region, string? SandboxBase, DateTimeOffset Now, IReadOnlyDictionary<string, string> Variables)
{
    /// <summary>Draws a placeholder's value, once per run and place when the run keeps its draws (every attempt alike).</summary>
    public Func<string, Func<string>, string> Draw { get; init; } = (_, draw) => draw();

    /// <summary>The step the request belongs to, naming its places for <see cref="Draw"/>.</summary>
    public string Step { get; init; } = "";
}
