using System.Reflection;
using System.Text.Json.Serialization;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Verdicts;
using StatusBoard.Web.Sandbox;

namespace StatusBoard.Tests.Configuration;

/// <summary>
/// One rule for every enum on the wire: JSON (through <see cref="WireEnumConverter{T}"/>) and the database and logs
/// (through <see cref="WireNames"/>) say the same word for every value of every such enum in the engine and the web app.
/// </summary>
public sealed class WireNamesTests
{
    public static TheoryData<Type> WireEnums => [.. new[] { typeof(Outcome).Assembly, typeof(SandboxFault).Assembly }
        .SelectMany(assembly => assembly.GetTypes())
        .Where(type => type.IsEnum && type.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType is { IsGenericType: true } converter
            && converter.GetGenericTypeDefinition() == typeof(WireEnumConverter<>))];

    [Theory]
    [MemberData(nameof(WireEnums))]
    public void EveryValue_ReadsAndWritesAsItsWireName_InJsonAndText(Type type)
    {
        var toWire = typeof(WireNames).GetMethod(nameof(WireNames.ToWire))!.MakeGenericMethod(type);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in Enum.GetValues(type))
        {
            var wire = (string)toWire.Invoke(null, [value])!;
            Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(value, type));
            Assert.Equal(value, JsonSerializer.Deserialize($"\"{wire}\"", type));
            Assert.True(names.Add(wire), $"{type.Name}: two values are written '{wire}'");
        }
    }

    [Fact]
    public void TheWireName_IsKebabCase_UnlessTheMemberSpellsItOtherwise()
    {
        Assert.Equal("platform-wide", VerdictKind.PlatformWide.ToWire());
        Assert.Equal("check-transaction-history", Advice.CheckTransactionHistory.ToWire());
        Assert.Equal("major_outage", HealthStatus.MajorOutage.ToWire());
        Assert.Equal("refused", TransportFailure.ConnectionRefused.ToWire());
        Assert.Equal("\"degraded_performance\"", JsonSerializer.Serialize(HealthStatus.DegradedPerformance));
        Assert.True(WireNames.TryParse<VerdictKind>("PLATFORM-WIDE", out var kind) && kind == VerdictKind.PlatformWide);
        Assert.False(WireNames.TryParse<VerdictKind>("platformwide", out _));
    }

    [Fact]
    public void TheEnumsOnTheWire_AreFound()
    {
        var found = WireEnums.Select(row => row.Data).ToList();
        Assert.Contains(typeof(Outcome), found);
        Assert.Contains(typeof(Advice), found);
        Assert.Contains(typeof(SandboxFault), found);
        Assert.True(found.Count >= 15, $"only {found.Count} wire enums found");
    }
}
