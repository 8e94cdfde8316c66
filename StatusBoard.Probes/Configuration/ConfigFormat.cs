using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StatusBoard.Probes.Configuration;

/// <summary>Reads configuration documents as JSON or YAML (into the same JSON tree), and writes YAML.</summary>
public static class ConfigFormat
{
    public const int MaxBytes = 2 * 1024 * 1024;
    private const int MaxDepth = 32;

    /// <summary>Parses YAML or JSON (YAML is a superset); null and a message when the text is not a document.</summary>
    public static JsonNode? Parse(string text, out string? error)
    {
        error = null;
        try
        {
            // Depth is measured on the parser's events first: building the tree recurses, and 80,000 levels of
            // brackets would overflow the stack (and end the process) before any check on the tree could run.
            CheckDepth(text);
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                error = "the document is empty";
                return null;
            }

            return ToJson(stream.Documents[0].RootNode, 0);
        }
        catch (YamlException exception)
        {
            error = $"line {exception.Start.Line}, column {exception.Start.Column}: {exception.Message}";
            return null;
        }
        catch (InvalidDataException exception)
        {
            error = exception.Message;
            return null;
        }
    }

    /// <summary>A tree as typed objects; the message names the first field that does not fit.</summary>
    public static T? Bind<T>(JsonNode? node, out string? error) where T : class
    {
        error = null;
        try
        {
            return node.Deserialize<T>(Json.Options);
        }
        catch (JsonException exception)
        {
            error = $"{exception.Path ?? "$"}: {exception.Message.Split(" Path:", 2)[0]}";
            return null;
        }
    }

    public static string ToYaml(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(text, node, 0, inList: false);
        return text.ToString();
    }

    /// <summary>Reads the document's events without building anything; throws once it nests deeper than <see cref="MaxDepth"/>.</summary>
    private static void CheckDepth(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart when ++depth > MaxDepth:
                    throw new InvalidDataException($"the document nests deeper than {MaxDepth} levels");
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    private static JsonNode? ToJson(YamlNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"the document nests deeper than {MaxDepth} levels");
        }

        // An alias would be copied wherever it is used: a few lines could expand into gigabytes.
        if (!node.Anchor.IsEmpty)
        {
            throw new InvalidDataException("YAML anchors and aliases are not supported in configuration documents");
        }

        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, child) in map.Children)
                {
                    obj[((YamlScalarNode)key).Value ?? ""] = ToJson(child, depth + 1);
                }

                return obj;
            case YamlSequenceNode list:
                var array = new JsonArray();
                foreach (var item in list.Children)
                {
                    array.Add(ToJson(item, depth + 1));
                }

                return array;
            case YamlScalarNode scalar:
                var value = scalar.Value ?? "";
                if (scalar.Style is ScalarStyle.Plain)
                {
                    // Unquoted YAML scalars may be numbers, booleans or null; quoted ones are always text.
                    if (value is "" or "~" or "null")
                    {
                        return null;
                    }

                    if (value is "true" or "false")
                    {
                        return JsonValue.Create(value == "true");
                    }

                    if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
                    {
                        return JsonValue.Create(whole);
                    }
                }

                return JsonValue.Create(value);
            default:
                throw new InvalidDataException("YAML aliases and tags are not supported in configuration documents");
        }
    }

    private static void Write(StringBuilder text, JsonNode? node, int indent, bool inList)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                var first = true;
                foreach (var (key, value) in obj)
                {
                    text.Append(first && inList ? "" : pad).Append(Scalar(key)).Append(':');
                    first = false;
                    WriteValue(text, value, indent);
                }

                break;
            case JsonArray array when array.Count > 0:
                foreach (var item in array)
                {
                    text.Append(pad).Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        Write(text, item, indent + 2, inList: item is JsonObject);
                    }
                    else
                    {
                        text.Append(Inline(item)).Append('\n');
                    }
                }

                break;
            default:
                text.Append(pad).Append(Inline(node)).Append('\n');
                break;
        }
    }

    private static void WriteValue(StringBuilder text, JsonNode? value, int indent)
    {
        if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            text.Append('\n');
            Write(text, value, indent + 2, inList: false);
        }
        else
        {
            text.Append(' ').Append(Inline(value)).Append('\n');
        }
    }

    private static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Scalar(value.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    /// <summary>Every string as a JSON string, which YAML reads as a double-quoted scalar: no surprises with ':' or '#'.</summary>
    private static string Scalar(string text) => JsonSerializer.Serialize(text, Readable);

    private static readonly JsonSerializerOptions Readable = new(Json.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
