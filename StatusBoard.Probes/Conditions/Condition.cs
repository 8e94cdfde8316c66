namespace StatusBoard.Probes.Conditions;

/// <summary>
/// An assertion on a response, parsed once when a probe is loaded or saved:
/// <c>[STATUS] == 200</c>, <c>[BODY].amount == "0.01"</c>, <c>[RESPONSE_TIME] &lt; 800</c>, <c>len([BODY].items) &gt; 0</c>.
/// </summary>
public sealed class Condition
{
    private static readonly string[] MoneyWords = ["amount", "currency", "balance", "available", "total", "fee"];

    internal Condition(string text, Operand left, ConditionOperator op, Operand right)
    {
        Text = text;
        Left = left;
        Operator = op;
        Right = right;
        Subject = SubjectOf(left);
    }

    public string Text { get; }

    public Operand Left { get; }

    public ConditionOperator Operator { get; }

    public Operand Right { get; }

    public ConditionSubject Subject { get; }

    /// <summary>The placeholder the condition reads (its left side), so a probe kind can say whether it offers it.</summary>
    public Placeholder? Reads => Left switch
    {
        Operand.Value value => value.Placeholder,
        Operand.Length length => length.Inner.Placeholder,
        _ => null,
    };

    public static bool TryParse(string? text, out Condition? condition, out string error) =>
        ConditionParser.TryParse(text, out condition, out error);

    public static Condition Parse(string text) =>
        TryParse(text, out var condition, out var error) ? condition! : throw new FormatException(error);

    public ConditionResult Evaluate(ResponseSnapshot response)
    {
        var (actual, missing) = Resolve(Left, response);
        var success = !missing && Compare(actual!, Operator, Right, Left);
        var display = success ? Text : Decorate(actual, missing);
        return new ConditionResult(Text, success, display) { Subject = Subject, Actual = actual, Missing = missing };
    }

    public override string ToString() => Text;

    private string Decorate(string? actual, bool missing)
    {
        // Show the actual value right after the left-hand side, as Gatus does: [STATUS] (503) == 200.
        var shown = missing ? "missing" : Shorten(actual ?? "");
        var leftText = ConditionParser.SplitLeft(Text);
        return $"{leftText} ({shown}){Text[leftText.Length..]}";
    }

    private static string Shorten(string value) =>
        value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");

    private static (string? Value, bool Missing) Resolve(Operand operand, ResponseSnapshot response)
    {
        switch (operand)
        {
            case Operand.Literal literal:
                return (literal.Text, false);
            case Operand.Length length:
                var (inner, missing) = ResolveElement(length.Inner, response);
                if (missing)
                {
                    return (null, true);
                }

                int count = inner switch
                {
                    JsonElement { ValueKind: JsonValueKind.Array } array => array.GetArrayLength(),
                    JsonElement { ValueKind: JsonValueKind.Object } obj => obj.EnumerateObject().Count(),
                    JsonElement element => JsonPath.ToText(element).Length,
                    string text => text.Length,
                    _ => 0,
                };
                return (count.ToString(CultureInfo.InvariantCulture), false);
            case Operand.Value value:
                var (resolved, absent) = ResolveElement(value, response);
                return absent ? (null, true) : (resolved is JsonElement e ? JsonPath.ToText(e) : (string)resolved!, false);
            default:
                return (null, true);
        }
    }

    /// <summary>A placeholder's value: a <see cref="JsonElement"/> for body paths, a string otherwise.</summary>
    private static (object? Value, bool Missing) ResolveElement(Operand.Value value, ResponseSnapshot response)
    {
        switch (value.Placeholder)
        {
            case Placeholder.Status:
                return response.Status is { } status ? (status.ToString(CultureInfo.InvariantCulture), false)
                    : response.StatusText is { } word ? (word, false)
                    : (null, true);
            case Placeholder.ResponseTime:
                return (((long)response.ResponseTime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), false);
            case Placeholder.Connected:
                return (response.Connected ? "true" : "false", false);
            case Placeholder.CertificateExpiration:
                return response.CertificateExpiration is { } left
                    ? (((long)left.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), false)
                    : (null, true);
            case Placeholder.Header:
                return response.Headers.TryGetValue(value.HeaderName!, out var header) ? (header, false) : (null, true);
            case Placeholder.CertificateHostnameMatch:
                return Flag(response.CertificateHostnameMatch);
            case Placeholder.CertificateChainValid:
                return Flag(response.CertificateChainValid);
            case Placeholder.DnsRcode:
                return response.DnsRcode is { } rcode ? (rcode, false) : (null, true);
            case Placeholder.Ip:
                return response.Ip is { } ip ? (ip, false) : (null, true);
            default:
                if (value.Path is null || value.Path.IsRoot)
                {
                    return (response.Body, false);
                }

                return response.Json is { } json && value.Path.TryEvaluate(json, out var found) ? (found, false) : (null, true);
        }
    }

    private static (object? Value, bool Missing) Flag(bool? value) => value is { } flag ? (flag ? "true" : "false", false) : (null, true);

    private static bool Compare(string actual, ConditionOperator op, Operand right, Operand left)
    {
        if (right is Operand.AnyOf any)
        {
            var matched = any.Choices.Any(choice => IsWithin(actual, choice.Text) ?? AreEqual(actual, choice.Text, left));
            return op == ConditionOperator.NotEqual ? !matched : matched;
        }

        if (right is Operand.Pattern pattern)
        {
            try
            {
                return pattern.Regex.IsMatch(actual);
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                return false;
            }
        }

        var expected = ((Operand.Literal)right).Text;
        switch (op)
        {
            case ConditionOperator.Equal:
                return AreEqual(actual, expected, left);
            case ConditionOperator.NotEqual:
                return !AreEqual(actual, expected, left);
            case ConditionOperator.Contains:
                return actual.Contains(expected, StringComparison.Ordinal);
            default:
                if (!TryNumber(actual, out var a) || !TryNumeric(expected, left, out var b))
                {
                    return false;
                }

                return op switch
                {
                    ConditionOperator.Less => a < b,
                    ConditionOperator.LessOrEqual => a <= b,
                    ConditionOperator.Greater => a > b,
                    _ => a >= b,
                };
        }
    }

    /// <summary>
    /// A range among <c>any(...)</c>'s choices, <c>200..299</c> (both ends included): whether the value is in it, null
    /// when the choice is not a range.
    /// </summary>
    internal static bool? IsWithin(string actual, string choice) =>
        Range(choice) is var (low, high) ? TryNumber(actual, out var value) && value >= low && value <= high : null;

    internal static (decimal Low, decimal High)? Range(string choice)
    {
        var dots = choice.IndexOf("..", StringComparison.Ordinal);
        return dots > 0 && TryNumber(choice[..dots], out var low) && TryNumber(choice[(dots + 2)..], out var high) ? (low, high) : null;
    }

    private static bool AreEqual(string actual, string expected, Operand left) =>
        TryNumber(actual, out var a) && TryNumeric(expected, left, out var b)
            ? a == b
            : string.Equals(actual, expected, StringComparison.Ordinal);

    internal static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>A literal read as a number; durations count in milliseconds where the left side is a time.</summary>
    internal static bool TryNumeric(string text, Operand left, out decimal value)
    {
        if (TryNumber(text, out value))
        {
            return true;
        }

        if (IsTime(left) && Durations.TryParse(text, out var duration, out _))
        {
            value = (decimal)duration.TotalMilliseconds;
            return true;
        }

        return false;
    }

    internal static bool IsTime(Operand left) =>
        left is Operand.Value { Placeholder: Placeholder.ResponseTime or Placeholder.CertificateExpiration };

    private static ConditionSubject SubjectOf(Operand left)
    {
        var value = left switch
        {
            Operand.Value v => v,
            Operand.Length l => l.Inner,
            _ => null,
        };

        return value?.Placeholder switch
        {
            Placeholder.Status => ConditionSubject.Status,
            Placeholder.ResponseTime => ConditionSubject.ResponseTime,
            Placeholder.Header => ConditionSubject.Header,
            Placeholder.Connected => ConditionSubject.Connection,
            Placeholder.CertificateExpiration or Placeholder.CertificateHostnameMatch or Placeholder.CertificateChainValid => ConditionSubject.Certificate,
            Placeholder.DnsRcode or Placeholder.Ip => ConditionSubject.Connection,
            Placeholder.Body when IsMoney(value.Path?.LastPropertyName) => ConditionSubject.Money,
            _ => ConditionSubject.Body,
        };
    }

    private static bool IsMoney(string? name) =>
        name is not null && MoneyWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
}
