using Microsoft.Extensions.Configuration;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Health;

namespace StatusBoard.Tests.Catalog;

/// <summary>Components grouped for display: named in both languages or by a plain string, listed as one block.</summary>
public sealed class ComponentGroupsTests
{
    [Fact]
    public void OrderedComponents_KeepAGroupTogether_WhereItsFirstMemberStands()
    {
        var snapshot = new CatalogSnapshot(
        [
            Component("payments", 0),
            Component("cards", 1, "Wallet"),
            Component("transfers", 2),
            Component("balance", 3, "wallet"),
            Component("refunds", -1),
        ], []);

        Assert.Equal(["refunds", "payments", "cards", "balance", "transfers"], snapshot.OrderedComponents.Select(c => c.Key));
    }

    [Fact]
    public void AGroup_IsNamedByLanguage_OrByAPlainStringForEvery_AndNeedsItsEnglishName()
    {
        var plain = Json.Deserialize<ComponentDocument>("""{"key": "cards", "names": {"en": "Cards"}, "group": "Wallet"}""")!;
        Assert.True(ProbeCatalog.TryComponent(plain, DefinitionSource.Api, out var component, out _));
        Assert.Equal(("Wallet", "Wallet"), (component!.GroupIn("en"), component.GroupIn("zh-CN")));

        var both = Json.Deserialize<ComponentDocument>("""{"key": "cards", "names": {"en": "Cards"}, "group": {"en": "Wallet", "zh-CN": "钱包"}}""")!;
        Assert.True(ProbeCatalog.TryComponent(both, DefinitionSource.Api, out component, out _));
        Assert.Equal(("Wallet", "钱包"), (component!.GroupIn("en"), component.GroupIn("zh-CN")));
        Assert.Contains("\"group\":{\"en\":\"Wallet\",\"zh-CN\":\"钱包\"}", Json.Serialize(both), StringComparison.Ordinal);

        var chineseOnly = Json.Deserialize<ComponentDocument>("""{"key": "cards", "names": {"en": "Cards"}, "group": {"zh-CN": "钱包"}}""")!;
        Assert.False(ProbeCatalog.TryComponent(chineseOnly, DefinitionSource.Api, out _, out var errors));
        Assert.Contains("group.en", errors.ToDictionary().Keys);

        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Json.Deserialize<ComponentDocument>("""{"key": "cards", "group": 7}"""));
    }

    [Fact]
    public void InConfiguration_AGroupIsAPlainStringOrNamesByLanguage()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["StatusBoard:Components:0:Key"] = "cards",
            ["StatusBoard:Components:0:Names:en"] = "Cards",
            ["StatusBoard:Components:0:Group"] = "Wallet",
            ["StatusBoard:Components:1:Key"] = "balance",
            ["StatusBoard:Components:1:Names:en"] = "Balance",
            ["StatusBoard:Components:1:Group:en"] = "Wallet",
            ["StatusBoard:Components:1:Group:zh-CN"] = "钱包",
        }).Build();

        var components = ProbesConfiguration.Read(configuration).Components.Select(c => c.Document).ToList();

        Assert.Equal("Wallet", components[0].Group!["en"]);
        Assert.Equal(("Wallet", "钱包"), (components[1].Group!["en"], components[1].Group!["zh-CN"]));
    }

    [Fact]
    public void AGroupsStatus_IsItsWorstSeenMembers_BlindOnlyWhenNoneIsSeen()
    {
        Assert.Equal(HealthStatus.PartialOutage, new[] { HealthStatus.Operational, HealthStatus.PartialOutage, HealthStatus.Blind }.Worst());
        Assert.Equal(HealthStatus.MajorOutage, new[] { HealthStatus.UnderMaintenance, HealthStatus.MajorOutage }.Worst());
        Assert.Equal(HealthStatus.Operational, new[] { HealthStatus.Operational, HealthStatus.Blind }.Worst());
        Assert.Equal(HealthStatus.Blind, new[] { HealthStatus.Blind, HealthStatus.Blind }.Worst());
    }

    private static ComponentDefinition Component(string key, int position, string? group = null) =>
        new(key, new Dictionary<string, string> { ["en"] = key }, null, position, DefinitionSource.Api)
        {
            Group = group is null ? null : new Dictionary<string, string> { ["en"] = group },
        };
}
