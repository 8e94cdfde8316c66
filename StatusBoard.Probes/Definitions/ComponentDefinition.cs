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

    /// <summary>The group it is shown under, by language (always with <c>en</c>); null when it stands alone.</summary>
    public IReadOnlyDictionary<string, string>? Group { get; init; }

    /// <summary>The group's English name, which is what makes components one group (compared ignoring case).</summary>
    public string? GroupName => Group?.GetValueOrDefault("en");

    /// <summary>The description by language, beside <see cref="Description"/>.</summary>
    public IReadOnlyDictionary<string, string> Descriptions { get; init; } = new Dictionary<string, string>();

    public string? DescriptionIn(string language) => Descriptions.TryGetValue(language, out var text) ? text : Description;

    public string? GroupIn(string language) => Group is null ? null : Group.TryGetValue(language, out var name) ? name : GroupName;
}
