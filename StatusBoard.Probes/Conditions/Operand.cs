namespace StatusBoard.Probes.Conditions;

/// <summary>One side of a condition.</summary>
public abstract record Operand
{
    private Operand()
    {
    }

    /// <summary><c>[STATUS]</c>, <c>[BODY].amount</c>, <c>[HEADER].Content-Type</c>…</summary>
    public sealed record Value(Placeholder Placeholder, JsonPath? Path, string? HeaderName, string Text) : Operand;

    /// <summary>A number, a quoted string or a bare word.</summary>
    public sealed record Literal(string Text) : Operand;

    /// <summary><c>len(x)</c>: the length of a string, array or object.</summary>
    public sealed record Length(Value Inner) : Operand;

    /// <summary>
    /// The right side of <c>matches</c>: a regular expression compiled once, with the engine that never backtracks, so
    /// a pattern built to take exponential time (<c>(a+)+$</c>) runs in time linear in the body, which is capped.
    /// </summary>
    public sealed record Pattern(string Text, System.Text.RegularExpressions.Regex Regex) : Operand;

    /// <summary><c>any(a, b, c)</c>: true when the other side equals one of these.</summary>
    public sealed record AnyOf(IReadOnlyList<Literal> Choices) : Operand;
}
