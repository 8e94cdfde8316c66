namespace StatusBoard.Probes.Definitions;

/// <summary>A user-facing capability of the platform: what the public page speaks of, never probe names.</summary>
public sealed record ComponentDefinition(
    string Key,
    IReadOnlyDictionary<string, string> Names,
    string? Description,
    int Position,
    DefinitionSource Source)
{
    public string Name => Names.TryGetValue("en", out var en) ? en : Names.Values.First();

    public string NameIn(string language) =>
        Names.TryGetValue(language, out var name) ? name : Name;
}
