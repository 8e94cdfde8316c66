using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace StatusBoard.Probes.Configuration;

/// <summary>
/// Finds keys under <c>StatusBoard:</c> that no setting reads — a misspelt <c>StatusBoard:Helth:Window</c> would otherwise
/// leave the default in force without a word — with the nearest known name when there is one.
/// </summary>
public static class SettingNames
{
    /// <summary>What a section may hold: the properties of an options type, these names, or anything (a list of documents).</summary>
    public sealed record Shape(Type? Options = null, IReadOnlyDictionary<string, Shape>? Children = null, bool Free = false)
    {
        public static readonly Shape Anything = new(Free: true);

        public static Shape Names(params string[] names) => new(Children: names.ToDictionary(n => n, _ => Anything, StringComparer.OrdinalIgnoreCase));

        public static Shape Of<T>(IReadOnlyDictionary<string, Shape>? more = null) => new(typeof(T), more);
    }

    /// <summary>Each unknown key, with the nearest known name at its place when one is close.</summary>
    public static IReadOnlyList<string> Unknown(IConfiguration configuration, IReadOnlyDictionary<string, Shape> sections)
    {
        var found = new List<string>();
        Walk(configuration.GetSection("StatusBoard"), new Shape(Children: sections), found);
        return found;
    }

    private static void Walk(IConfigurationSection section, Shape shape, List<string> found)
    {
        if (shape.Free)
        {
            return;
        }

        var known = Known(shape);
        foreach (var child in section.GetChildren())
        {
            if (known.TryGetValue(child.Key, out var inner))
            {
                Walk(child, inner, found);
                continue;
            }

            // Numbered children of a section that is also a list (StatusBoard:Probes:0, …) are documents, read elsewhere.
            if (int.TryParse(child.Key, out _))
            {
                continue;
            }

            var nearest = known.Keys.Select(name => (name, distance: Distance(name.ToLowerInvariant(), child.Key.ToLowerInvariant())))
                .Where(n => n.distance <= Math.Max(1, n.name.Length / 4)).OrderBy(n => n.distance).Select(n => n.name).FirstOrDefault();
            found.Add(nearest is null
                ? $"{child.Path} is not a setting StatusBoard reads"
                : $"{child.Path} is not a setting StatusBoard reads; did you mean {section.Path}:{nearest}?");
        }
    }

    private static Dictionary<string, Shape> Known(Shape shape)
    {
        var known = new Dictionary<string, Shape>(StringComparer.OrdinalIgnoreCase);
        if (shape.Options is { } type)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || IsComplex(p.PropertyType)))
            {
                known[property.Name] = IsComplex(property.PropertyType) ? new Shape(property.PropertyType) : Shape.Anything;
            }
        }

        foreach (var (name, child) in shape.Children ?? new Dictionary<string, Shape>())
        {
            known[name] = child;
        }

        return known;
    }

    // A nested options object whose own names are checked; lists, dictionaries and plain values are taken as they are.
    private static bool IsComplex(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) && type.Namespace?.StartsWith("StatusBoard", StringComparison.Ordinal) == true;

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }
}
