namespace StatusBoard.Probes.Conditions;

/// <summary>Parses the text of a condition into a <see cref="Condition"/>, with an error that says what is wrong.</summary>
internal static partial class ConditionParser
{
    private static readonly (string Token, ConditionOperator Operator)[] Operators =
    [
        ("==", ConditionOperator.Equal),
        ("!=", ConditionOperator.NotEqual),
        ("<=", ConditionOperator.LessOrEqual),
        (">=", ConditionOperator.GreaterOrEqual),
        ("<", ConditionOperator.Less),
        (">", ConditionOperator.Greater),
    ];

    public static bool TryParse(string? raw, out Condition? condition, out string error)
    {
        condition = null;
        var text = raw?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "is empty";
            return false;
        }

        if (!TryFindOperator(text, out var at, out var length, out var op, out error))
        {
            return false;
        }

        var leftText = text[..at].Trim();
        var rightText = text[(at + length)..].Trim();
        if (leftText.Length == 0 || rightText.Length == 0)
        {
            error = $"'{text}' needs a value on both sides of the operator";
            return false;
        }

        if (!TryParseOperand(leftText, out var left, out error) || !TryParseOperand(rightText, out var right, out error))
        {
            return false;
        }

        if (left is not (Operand.Value or Operand.Length))
        {
            error = $"'{text}' must start with a placeholder such as [STATUS], [BODY].path, [RESPONSE_TIME] or [HEADER].Name";
            return false;
        }

        if (right is Operand.Value or Operand.Length)
        {
            error = $"'{text}' must compare against a value, not another placeholder";
            return false;
        }

        if (right is Operand.AnyOf && op is not (ConditionOperator.Equal or ConditionOperator.NotEqual))
        {
            error = $"'{text}': any(...) works only with == and !=";
            return false;
        }

        if (op == ConditionOperator.Matches)
        {
            // A placeholder or any(...) on the right was refused above: what is left is the pattern's text.
            var pattern = (Operand.Literal)right;
            if (!TryCompile(pattern.Text, out var regex, out var problem))
            {
                error = $"'{text}': {problem}";
                return false;
            }

            right = new Operand.Pattern(pattern.Text, regex!);
        }

        if (op is ConditionOperator.Less or ConditionOperator.LessOrEqual or ConditionOperator.Greater or ConditionOperator.GreaterOrEqual
            && !Condition.TryNumeric(((Operand.Literal)right).Text, left, out _))
        {
            error = $"'{text}' compares with '{rightText}', which is not a number"
                + (Condition.IsTime(left) ? " or a duration" : "");
            return false;
        }

        condition = new Condition(text, left, op, right);
        return true;
    }

    /// <summary>
    /// Compiles a pattern for the non-backtracking engine: linear time whatever the pattern and the body. It has no
    /// backreferences or lookarounds; a pattern that needs them is refused when the probe is saved.
    /// </summary>
    private static bool TryCompile(string pattern, out System.Text.RegularExpressions.Regex? regex, out string problem)
    {
        regex = null;
        problem = "";
        if (pattern.Length > 1000)
        {
            problem = "the pattern is longer than 1000 characters";
            return false;
        }

        try
        {
            regex = new System.Text.RegularExpressions.Regex(pattern,
                System.Text.RegularExpressions.RegexOptions.NonBacktracking | System.Text.RegularExpressions.RegexOptions.CultureInvariant,
                TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            problem = $"'{pattern}' is not a pattern StatusBoard can run in linear time: {exception.Message}";
            return false;
        }
    }

    /// <summary>The left-hand side of a valid condition, exactly as written.</summary>
    public static string SplitLeft(string text) =>
        TryFindOperator(text, out var at, out _, out _, out _) ? text[..at].TrimEnd() : text;

    private static bool TryFindOperator(string text, out int at, out int length, out ConditionOperator op, out string error)
    {
        var depth = 0;
        var bracket = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    continue;
                case '[':
                    bracket = true;
                    continue;
                case ']':
                    bracket = false;
                    continue;
                case '(':
                    depth++;
                    continue;
                case ')':
                    depth--;
                    continue;
            }

            if (depth > 0 || bracket)
            {
                continue;
            }

            foreach (var (token, candidate) in Operators)
            {
                if (string.CompareOrdinal(text, i, token, 0, token.Length) == 0)
                {
                    // "===", "=>" or "<>" are not operators: refuse them rather than read a '=' into the value.
                    if (i + token.Length < text.Length && text[i + token.Length] is '=' or '<' or '>' or '!')
                    {
                        (at, length, op) = (0, 0, ConditionOperator.Equal);
                        error = $"'{text}' has an unknown operator '{text[i..(i + token.Length + 1)]}'; use ==, !=, <, <=, >, >=, contains or matches";
                        return false;
                    }

                    (at, length, op, error) = (i, token.Length, candidate, "");
                    return true;
                }
            }

            if (char.IsWhiteSpace(c) && string.CompareOrdinal(text, i + 1, "contains ", 0, 9) == 0)
            {
                (at, length, op, error) = (i, 10, ConditionOperator.Contains, "");
                return true;
            }

            if (char.IsWhiteSpace(c) && string.CompareOrdinal(text, i + 1, "matches ", 0, 8) == 0)
            {
                (at, length, op, error) = (i, 9, ConditionOperator.Matches, "");
                return true;
            }
        }

        (at, length, op) = (0, 0, ConditionOperator.Equal);
        error = quote is not null
            ? $"'{text}' has a string that is not closed"
            : $"'{text}' has no operator; use ==, !=, <, <=, >, >=, contains or matches";
        return false;
    }
}
