namespace StatusBoard.Probes.Definitions;

/// <summary>Every problem found in a document, by field (<c>conditions[1]</c>, <c>request.url</c>).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    /// <summary>How many problems were found, in every field.</summary>
    public int Count => _errors.Values.Sum(list => list.Count);

    /// <summary>
    /// <c>${NAME}</c> references whose variable is not set here, by field, kept apart from the errors: a probe being saved
    /// is refused for them; a stored one being loaded (or one an agent received) runs as a probe error saying so.
    /// </summary>
    public List<(string Field, string Name)> UnsetSecrets { get; } = [];

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>The fields with errors, in the order they were first found.</summary>
    public IEnumerable<string> Fields => _errors.Keys;

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    public override string ToString() =>
        string.Join("; ", _errors.SelectMany(pair => pair.Value.Select(message => $"{pair.Key}: {message}")));
}

/// <summary>A document that could not be accepted, with every reason.</summary>
public sealed class DefinitionException(string message, ValidationErrors errors) : Exception(message)
{
    public ValidationErrors Errors { get; } = errors;
}
