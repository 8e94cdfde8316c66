using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using StatusBoard.Probes.Configuration;
using StatusBoard.Probes.Health;
using StatusBoard.Web.Services;

namespace StatusBoard.Tests.Configuration;

/// <summary>
/// A misspelt setting is said at start with the name meant, every setting the documentation lists is known, and every
/// duration setting reads like probe documents (<c>500ms</c>, <c>30s</c>, <c>5m</c>) as well as <c>00:00:30</c>.
/// </summary>
public sealed partial class SettingNamesTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void MisspeltKeys_AreNamed_WithTheNearestKnownName()
    {
        var unknown = SettingNames.Unknown(Configuration(
            ("StatusBoard:Helth:Window", "5m"),
            ("StatusBoard:Health:Windw", "5m"),
            ("StatusBoard:Probes:Http:MaxBodyByte", "1024"),
            ("StatusBoard:Storage:Provider", "sqlite"),
            ("StatusBoard:Probes:0:Key", "payments"),
            ("StatusBoard:Components:0:Key", "payments"),
            ("StatusBoard:Notifications:Channels:0:Name", "ops"),
            ("StatusBoard:Totally:Different", "x")), UnknownSettings.Sections);

        Assert.Equal(
        [
            "StatusBoard:Health:Windw is not a setting StatusBoard reads; did you mean StatusBoard:Health:Window?",
            "StatusBoard:Helth is not a setting StatusBoard reads; did you mean StatusBoard:Health?",
            "StatusBoard:Probes:Http:MaxBodyByte is not a setting StatusBoard reads; did you mean StatusBoard:Probes:Http:MaxBodyBytes?",
            "StatusBoard:Totally is not a setting StatusBoard reads",
        ], unknown.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^\| `(StatusBoard:[A-Za-z0-9:]+)`", RegexOptions.Multiline)]
    private static partial Regex DocumentedKey();

    [Fact]
    public void EveryKeyTheReadmeDocuments_IsKnown()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var keys = DocumentedKey().Matches(readme).Select(m => Regex.Replace(m.Groups[1].Value, ":N(?=:|$)", ":0")).Distinct().ToList();
        Assert.True(keys.Count >= 40, $"{keys.Count} keys found in the README's tables");

        Assert.Empty(SettingNames.Unknown(Configuration([.. keys.Select(k => (k, "1"))]), UnknownSettings.Sections));
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("00:00:30", 30)]
    public void DurationSettings_ReadLikeProbeDocuments(string text, double seconds)
    {
        DurationSettings.Register();

        var health = Configuration(("StatusBoard:Health:Window", text)).GetSection("StatusBoard:Health").Get<HealthOptions>()!;

        Assert.Equal(TimeSpan.FromSeconds(seconds), health.Window);
    }

    [Fact]
    public void AWrongDuration_NamesTheKeyAndHowToWriteIt()
    {
        DurationSettings.Register();

        var failure = Assert.Throws<InvalidOperationException>(() => Configuration(("StatusBoard:Health:Window", "5 minutes")).GetSection("StatusBoard:Health").Get<HealthOptions>());

        Assert.Contains("StatusBoard:Health:Window", failure.Message, StringComparison.Ordinal);
        Assert.Contains("500ms, 30s, 5m", failure.InnerException?.Message ?? failure.Message, StringComparison.Ordinal);
    }
}
