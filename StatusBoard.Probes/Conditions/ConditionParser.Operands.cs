namespace StatusBoard.Probes.Conditions;

/// <summary>The sides of a condition: placeholders with their paths, literals, <c>len(…)</c> and <c>any(…)</c>.</summary>
internal static partial class ConditionParser
{
    private static bool TryParseOperand(string text, out Operand operand, out string error)
    {
        operand = new Operand.Literal(text);
        error = "";
        if (text.StartsWith("len(", StringComparison.Ordinal) && text.EndsWith(')'))
        {
            if (!TryParseOperand(text[4..^1].Trim(), out var inner, out error))
            {
                return false;
            }

            if (inner is not Operand.Value value)
            {
                error = $"len(...) takes a placeholder, not '{text[4..^1]}'";
                return false;
            }

            operand = new Operand.Length(value);
            return true;
        }

        if (text.StartsWith("any(", StringComparison.Ordinal) && text.EndsWith(')'))
        {
            var choices = new List<Operand.Literal>();
            foreach (var part in SplitArguments(text[4..^1]))
            {
                if (!TryParseOperand(part, out var choice, out error))
                {
                    return false;
                }

                if (choice is not Operand.Literal literal)
                {
                    error = $"any(...) takes values, not '{part}'";
                    return false;
                }

                if (Condition.Range(literal.Text) is var (low, high) && low > high)
                {
                    error = $"any(...): the range '{part}' ends below its start";
                    return false;
                }

                choices.Add(literal);
            }

            if (choices.Count == 0)
            {
                error = "any() needs at least one value";
                return false;
            }

            operand = new Operand.AnyOf(choices);
            return true;
        }

        if (text.StartsWith('['))
        {
            return TryParsePlaceholder(text, out operand, out error);
        }

        if (text[0] is '"' or '\'')
        {
            if (text.Length < 2 || text[^1] != text[0])
            {
                error = $"the string {text} is not closed";
                return false;
            }

            operand = new Operand.Literal(Unescape(text[1..^1]));
        }

        return true;
    }

    private static bool TryParsePlaceholder(string text, out Operand operand, out string error)
    {
        operand = new Operand.Literal(text);
        error = "";
        var close = text.IndexOf(']', StringComparison.Ordinal);
        var name = close < 0 ? text : text[1..close];
        var rest = close < 0 ? "" : text[(close + 1)..];
        var placeholder = PlaceholderNames.Find(name);

        if (close < 0 || placeholder is null)
        {
            error = $"unknown placeholder '{text}'; use {PlaceholderNames.List(PlaceholderNames.All)}";
            return false;
        }

        switch (placeholder)
        {
            case Placeholder.Body:
                JsonPath? path = null;
                if (rest.Length > 0 && !JsonPath.TryParse(rest, out path, out error))
                {
                    return false;
                }

                operand = new Operand.Value(Placeholder.Body, path, null, text);
                return true;
            case Placeholder.Header:
                if (!rest.StartsWith('.') || rest.Length < 2)
                {
                    error = $"'{text}' needs a header name: [HEADER].Content-Type";
                    return false;
                }

                operand = new Operand.Value(Placeholder.Header, null, rest[1..], text);
                return true;
            default:
                if (rest.Length > 0)
                {
                    error = $"'{text}': [{name}] takes no path";
                    return false;
                }

                operand = new Operand.Value(placeholder.Value, null, null, text);
                return true;
        }
    }

    private static IEnumerable<string> SplitArguments(string text)
    {
        var builder = new StringBuilder();
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is null && c == ',')
            {
                if (builder.ToString().Trim() is { Length: > 0 } part)
                {
                    yield return part;
                }

                builder.Clear();
                continue;
            }

            if (c is '"' or '\'')
            {
                quote = quote == c ? null : quote ?? c;
            }

            builder.Append(c);
        }

        if (builder.ToString().Trim() is { Length: > 0 } last)
        {
            yield return last;
        }
    }

    private static string Unescape(string text) =>
        text.Contains('\\', StringComparison.Ordinal) ? text.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal) : text;
}
