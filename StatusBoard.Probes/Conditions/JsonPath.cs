namespace StatusBoard.Probes.Conditions;

/// <summary>
/// The small JSON path dialect of conditions and <c>errorCodePath</c>: <c>$.error.code</c>, <c>.items[0].id</c>,
/// <c>["odd name"]</c>. Parsed once; evaluation never throws.
/// </summary>
public sealed class JsonPath
{
    private readonly IReadOnlyList<object> _segments;

    private JsonPath(string text, IReadOnlyList<object> segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>The last property name of the path, if any (<c>amount</c> for <c>$.payment.amount</c>).</summary>
    public string? LastPropertyName => _segments.OfType<string>().LastOrDefault();

    public bool IsRoot => _segments.Count == 0;

    public static bool TryParse(string text, out JsonPath path, out string error)
    {
        path = new JsonPath(text, []);
        error = "";
        var segments = new List<object>();
        var i = 0;
        if (text.StartsWith('$'))
        {
            i = 1;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }

                if (i == start)
                {
                    error = $"path '{text}' has an empty name after '.'";
                    return false;
                }

                segments.Add(text[start..i]);
            }
            else if (c == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    error = $"path '{text}' has an unclosed '['";
                    return false;
                }

                var inner = text[(i + 1)..close].Trim();
                if (inner.Length >= 2 && (inner[0] == '"' || inner[0] == '\'') && inner[^1] == inner[0])
                {
                    segments.Add(inner[1..^1]);
                }
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(index);
                }
                else
                {
                    error = $"path '{text}' has '[{inner}]', which is neither an index nor a quoted name";
                    return false;
                }

                i = close + 1;
            }
            else
            {
                error = $"path '{text}' must continue with '.name' or '[index]' at '{text[i..]}'";
                return false;
            }
        }

        path = new JsonPath(text, segments);
        return true;
    }

    public static JsonPath Parse(string text) =>
        TryParse(text, out var path, out var error) ? path : throw new FormatException(error);

    public bool TryEvaluate(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in _segments)
        {
            if (segment is string name)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
                {
                    return false;
                }
            }
            else
            {
                var index = (int)segment;
                if (value.ValueKind != JsonValueKind.Array || index >= value.GetArrayLength())
                {
                    return false;
                }

                value = value[index];
            }
        }

        return true;
    }

    /// <summary>The text a condition compares: strings unquoted, other values as their JSON.</summary>
    public static string ToText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => element.GetRawText(),
    };

    public override string ToString()
    {
        var builder = new StringBuilder("$");
        foreach (var segment in _segments)
        {
            builder.Append(segment is string name ? "." + name : $"[{segment}]");
        }

        return builder.ToString();
    }
}
