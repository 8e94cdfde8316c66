using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Common;

/// <summary>
/// The stable text of an enum value, as written on its <see cref="JsonStringEnumMemberNameAttribute"/>: the same word
/// in JSON, in the database and in logs.
/// </summary>
public static class WireNames
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<Enum, string> ToText, Dictionary<string, Enum> FromText)> Maps = new();

    public static string ToWire<T>(this T value) where T : struct, Enum => Map(typeof(T)).ToText[value];

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        if (text is not null && Map(typeof(T)).FromText.TryGetValue(text, out var found))
        {
            value = (T)found;
            return true;
        }

        value = default;
        return false;
    }

    public static T Parse<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}");

    public static IReadOnlyList<string> All<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Select(value => value.ToWire()).ToList();

    private static (Dictionary<Enum, string> ToText, Dictionary<string, Enum> FromText) Map(Type type) =>
        Maps.GetOrAdd(type, static t =>
        {
            var toText = new Dictionary<Enum, string>();
            var fromText = new Dictionary<string, Enum>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in t.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var value = (Enum)field.GetValue(null)!;
                var name = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name.ToLowerInvariant();
                toText[value] = name;
                fromText[name] = value;
            }

            return (toText, fromText);
        });
}
