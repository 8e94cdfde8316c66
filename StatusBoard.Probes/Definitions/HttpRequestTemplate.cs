namespace StatusBoard.Probes.Definitions;

/// <summary>
/// A request with placeholders left in: <c>{sandbox}</c> and <c>{region}</c> in the URL, <c>{{uuid}}</c> and values
/// extracted by earlier journey steps (<c>{{paymentId}}</c>) anywhere.
/// </summary>
public sealed record HttpRequestTemplate(
    string Method,
    string Url,
    IReadOnlyDictionary<string, string> Headers,
    string? Body)
{
    /// <summary>Ask for compression and decode the answer (the probe's <c>decompress</c>, true unless it says false).</summary>
    public bool Decompress { get; init; } = true;
}
