using Microsoft.Extensions.Configuration;

namespace StatusBoard.Probes.Catalog;

/// <summary>
/// Reads <c>StatusBoard:Probes</c>, which holds both the probe list (its numbered children) and the runner's settings
/// (<c>LocalRegions</c>), and <c>StatusBoard:Components</c>.
/// </summary>
public sealed class ProbesConfiguration
{
    public IReadOnlyList<(string ConfigKey, ProbeDocument Document)> Probes { get; init; } = [];

    public IReadOnlyList<(string ConfigKey, ComponentDocument Document)> Components { get; init; } = [];

    /// <summary>The regions the in-process runner serves (<c>StatusBoard:Probes:LocalRegions</c>, default <c>["local"]</c>).</summary>
    public IReadOnlyList<string> LocalRegions { get; init; } = ["local"];

    /// <summary>How much probing may be asked of this installation (<c>StatusBoard:Probes:MaxProbes</c> and the rest).</summary>
    public ProbeBudget Budget { get; init; } = new();

    public static ProbesConfiguration Read(IConfiguration configuration)
    {
        var probes = configuration.GetSection("StatusBoard:Probes");
        var localRegions = probes.GetSection("LocalRegions").Get<string[]>();
        var groups = configuration.GetSection("StatusBoard:ComponentGroups").GetChildren()
            .Select(child => (Key: child["Key"]?.Trim(), Names: child.GetSection("Names").Get<Dictionary<string, string>>()))
            .Where(group => group.Key is { Length: > 0 } && group.Names is { Count: > 0 })
            .GroupBy(group => group.Key!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First().Names!, StringComparer.OrdinalIgnoreCase);
        return new ProbesConfiguration
        {
            Probes = probes.GetChildren()
                .Where(child => int.TryParse(child.Key, out _))
                .OrderBy(child => int.Parse(child.Key, System.Globalization.CultureInfo.InvariantCulture))
                .Select(child => (child.Path, WithOwnFields(child, child.Get<ProbeDocument>() ?? new ProbeDocument())))
                .ToList(),
            Components = configuration.GetSection("StatusBoard:Components").GetChildren()
                .Select(child => (child.Path, WithPlainGroup(child, child.Get<ComponentDocument>() ?? new ComponentDocument(), groups)))
                .ToList(),
            LocalRegions = localRegions is { Length: > 0 } ? localRegions : ["local"],
            Budget = new ProbeBudget
            {
                MaxProbes = probes.GetValue("MaxProbes", ProbeBudget.Default.MaxProbes),
                MaxRegionsPerProbe = probes.GetValue("MaxRegionsPerProbe", ProbeBudget.Default.MaxRegionsPerProbe),
                MaxRunsPerSecond = probes.GetValue("MaxRunsPerSecond", ProbeBudget.Default.MaxRunsPerSecond),
            },
        };
    }

    private static readonly HashSet<string> DocumentFields =
        [.. typeof(ProbeDocument).GetProperties().Select(property => property.Name)];

    /// <summary>
    /// The settings the binder does not know (a kind's own, such as gRPC's <c>Service</c> and <c>Tls</c>, or a misspelt
    /// one) go where JSON puts them, <see cref="ProbeDocument.Extensions"/>, named in camelCase: the kind reads them,
    /// and the parser refuses the rest as it does in JSON. <c>true</c> and <c>false</c> are flags, anything else text.
    /// </summary>
    private static ProbeDocument WithOwnFields(IConfigurationSection section, ProbeDocument document)
    {
        foreach (var child in section.GetChildren().Where(child => !DocumentFields.Contains(child.Key, StringComparer.OrdinalIgnoreCase)))
        {
            var name = char.ToLowerInvariant(child.Key[0]) + child.Key[1..];
            var json = child.Value is null ? "null"
                : bool.TryParse(child.Value, out var flag) ? (flag ? "true" : "false")
                : System.Text.Json.JsonSerializer.Serialize(child.Value, Common.Json.Info<string>());
            using var value = System.Text.Json.JsonDocument.Parse(json);
            (document.Extensions ??= new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal))[name] = value.RootElement.Clone();
        }

        return document;
    }

    /// <summary>
    /// <c>Group: "wallet"</c> in configuration is the group of that key in <c>StatusBoard:ComponentGroups</c>, with its
    /// names; any other text names the group in every language, as in JSON.
    /// </summary>
    private static ComponentDocument WithPlainGroup(IConfigurationSection section, ComponentDocument document, Dictionary<string, Dictionary<string, string>> groups)
    {
        if (section.GetSection("Group").Value is { Length: > 0 } plain)
        {
            document.Group = groups.TryGetValue(plain.Trim(), out var names)
                // The English name is what makes components one group: a group named only in Chinese is known by that.
                ? new Dictionary<string, string>(names, StringComparer.OrdinalIgnoreCase) { ["en"] = names.GetValueOrDefault("en") ?? names.Values.First() }
                : new Dictionary<string, string> { ["en"] = plain };
        }

        return document;
    }
}

/// <summary>
/// What probing this installation takes on, refused at save and import beyond it, so that a schedule is never accepted
/// that the scheduler cannot keep. The defaults fit the machine <c>bench/README.md</c> measured (1,000 runs a second
/// with real HTTP at 10,000 pairs).
/// </summary>
public sealed record ProbeBudget
{
    public static readonly ProbeBudget Default = new();

    /// <summary><c>StatusBoard:Probes:MaxProbes</c>: probes in all, configuration and API together.</summary>
    public int MaxProbes { get; init; } = 5_000;

    /// <summary><c>StatusBoard:Probes:MaxRegionsPerProbe</c>.</summary>
    public int MaxRegionsPerProbe { get; init; } = 32;

    /// <summary><c>StatusBoard:Probes:MaxRunsPerSecond</c>: every probe's regions over its interval, summed.</summary>
    public double MaxRunsPerSecond { get; init; } = 1_000;

    /// <summary>Runs a second that a set of probes asks for.</summary>
    public static double RunsPerSecond(IEnumerable<ProbeDefinition> probes) => probes.Sum(p => p.Regions.Count / p.Interval.TotalSeconds);
}
