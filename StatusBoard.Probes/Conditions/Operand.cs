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

    /// <summary><c>any(a, b, c)</c>: true when the other side equals one of these.</summary>
    public sealed record AnyOf(IReadOnlyList<Literal> Choices) : Operand;
}
