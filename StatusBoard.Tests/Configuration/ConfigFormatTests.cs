using System.Text.Json.Nodes;
using StatusBoard.Probes.Configuration;

namespace StatusBoard.Tests.Configuration;

public sealed class ConfigFormatTests
{
    [Fact]
    public void Parse_Yaml_TypesPlainScalars_KeepsQuotedOnesText()
    {
        var node = ConfigFormat.Parse("""
            probes:
              - key: pay
                retries: 2
                enabled: true
                code: "200"
                note: ~
                conditions: [ "[STATUS] == 200", "[BODY].status == \"ok\"" ]
            """, out var error);

        Assert.Null(error);
        var probe = node!["probes"]![0]!;
        Assert.Equal(2, probe["retries"]!.GetValue<long>());
        Assert.True(probe["enabled"]!.GetValue<bool>());
        Assert.Equal("200", probe["code"]!.GetValue<string>());
        Assert.Null(probe["note"]);
        Assert.Equal("[BODY].status == \"ok\"", probe["conditions"]![1]!.GetValue<string>());
    }

    [Theory]
    [InlineData("probes: [", "line")]
    [InlineData("a: &x 1\nb: *x", "aliases")]
    public void Parse_Broken_SaysWhy(string text, string expected)
    {
        Assert.Null(ConfigFormat.Parse(text, out var error));
        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_DeepNesting_IsRefused()
    {
        var text = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));

        Assert.Null(ConfigFormat.Parse(text, out var error));
        Assert.Contains("deeper", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToYaml_ReadsBackAsTheSameTree()
    {
        var tree = JsonNode.Parse("""
            { "components": [ { "key": "payments", "names": { "en": "Payments", "zh-CN": "支付: 付款 #1" } } ],
              "probes": [ { "key": "p", "retries": 1, "conditions": [ "[STATUS] == 200", "[BODY] contains \"a: b\"" ], "regions": [] } ],
              "secrets": [ "STATUSBOARD_P_AUTHORIZATION" ] }
            """);

        var back = ConfigFormat.Parse(ConfigFormat.ToYaml(tree), out var error);

        Assert.Null(error);
        Assert.True(JsonNode.DeepEquals(tree, back), ConfigFormat.ToYaml(tree));
    }
}
