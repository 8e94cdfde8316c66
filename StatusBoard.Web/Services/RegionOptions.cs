namespace StatusBoard.Web.Services;

/// <summary>One entry of <c>StatusBoard:Regions</c>: a region's key, as probes name it, and what wallet users call it.</summary>
public sealed class RegionName
{
    public string Key { get; set; } = "";

    /// <summary>The place by language (<c>en</c>, <c>zh-CN</c>); one language alone is shown in both.</summary>
    public Dictionary<string, string> Names { get; set; } = [];
}

/// <summary><c>StatusBoard:Regions</c>: the places wallet users read instead of region keys.</summary>
public sealed class RegionOptions
{
    public List<RegionName> Regions { get; set; } = [];

    /// <summary>What is wrong with the list, one line each; empty when it can be used.</summary>
    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < Regions.Count; i++)
        {
            var region = Regions[i];
            var at = $"StatusBoard:Regions:{i}";
            if (!Probes.Definitions.ProbeDefinitionParser.RegionPattern().IsMatch(region.Key ?? ""))
            {
                yield return $"{at}:Key must be a region key such as cn-east (lower-case letters, digits and '-')";
            }
            else if (Regions.Take(i).Any(other => other.Key == region.Key))
            {
                yield return $"{at}:Key {region.Key} is named twice";
            }

            if (region.Names.Count == 0)
            {
                yield return $"{at}:Names must give the place in en, zh-CN or both";
            }

            foreach (var (language, name) in region.Names)
            {
                if (!PublicTexts.Languages.Contains(language, StringComparer.OrdinalIgnoreCase))
                {
                    yield return $"{at}:Names:{language} is not a language of the page ({string.Join(", ", PublicTexts.Languages)})";
                }
                else if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 40 || name.Any(char.IsControl))
                {
                    yield return $"{at}:Names:{language} must be 1 to 40 characters without control characters";
                }
            }
        }
    }
}

/// <summary>Refuses to start with a region list that names a place wrongly, saying each problem.</summary>
public sealed class RegionOptionsValidation : Microsoft.Extensions.Options.IValidateOptions<RegionOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, RegionOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
