using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Common;

/// <summary>
/// The stable text of an enum value, the same word in JSON, in the database and in logs: the member's name in
/// kebab case (<c>PlatformWide</c> is <c>platform-wide</c>), unless a <see cref="JsonStringEnumMemberNameAttribute"/>
/// spells it otherwise (Statuspage's <c>major_outage</c>, the short <c>refused</c>).
/// </summary>
public static class WireNames
{
    private const DynamicallyAccessedMemberTypes Fields = DynamicallyAccessedMemberTypes.PublicFields;

    /// <summary>The rule for a member without its own name on the wire.</summary>
    public static JsonNamingPolicy Policy { get; } = JsonNamingPolicy.KebabCaseLower;

    public static string ToWire<[DynamicallyAccessedMembers(Fields)] T>(this T value) where T : struct, Enum => Map<T>.ToText[value];

    public static bool TryParse<[DynamicallyAccessedMembers(Fields)] T>(string? text, out T value) where T : struct, Enum
    {
        if (text is not null && Map<T>.FromText.TryGetValue(text, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    public static T Parse<[DynamicallyAccessedMembers(Fields)] T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}");

    public static IReadOnlyList<string> All<[DynamicallyAccessedMembers(Fields)] T>() where T : struct, Enum =>
        [.. Enum.GetValues<T>().Select(value => Map<T>.ToText[value])];

    /// <summary>Read once per enum from its fields' attributes (kept for this by the trimmer: <see cref="Fields"/>).</summary>
    private static class Map<[DynamicallyAccessedMembers(Fields)] T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> ToText = [];
        public static readonly Dictionary<string, T> FromText = new(StringComparer.OrdinalIgnoreCase);

#pragma warning disable CA1810 // both tables are filled from one pass over the fields
        static Map()
#pragma warning restore CA1810
        {
            foreach (var field in typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var value = (T)field.GetValue(null)!;
                var name = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? Policy.ConvertName(field.Name);
                ToText[value] = name;
                FromText[name] = value;
            }
        }
    }
}

/// <summary>An enum in JSON as its <see cref="WireNames"/> text, so the API, the database and the logs say one word.</summary>
public sealed class WireEnumConverter<T>() : JsonStringEnumConverter<T>(WireNames.Policy) where T : struct, Enum;
