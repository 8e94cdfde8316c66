using Microsoft.Extensions.Configuration;
using StatusBoard.Probes.Definitions;

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

    public static ProbesConfiguration Read(IConfiguration configuration)
    {
        var probes = configuration.GetSection("StatusBoard:Probes");
        var localRegions = probes.GetSection("LocalRegions").Get<string[]>();
        return new ProbesConfiguration
        {
            Probes = probes.GetChildren()
                .Where(child => int.TryParse(child.Key, out _))
                .OrderBy(child => int.Parse(child.Key, System.Globalization.CultureInfo.InvariantCulture))
                .Select(child => (child.Path, child.Get<ProbeDocument>() ?? new ProbeDocument()))
                .ToList(),
            Components = configuration.GetSection("StatusBoard:Components").GetChildren()
                .Select(child => (child.Path, child.Get<ComponentDocument>() ?? new ComponentDocument()))
                .ToList(),
            LocalRegions = localRegions is { Length: > 0 } ? localRegions : ["local"],
        };
    }
}
