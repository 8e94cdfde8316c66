using StatusBoard.Probes.Conditions;

namespace StatusBoard.Tests.Conditions;

public sealed class JsonPathTests
{
    private static readonly JsonElement Body = JsonDocument.Parse("""{"error":{"code":"RISK_BLOCKED"},"list":[1,{"odd name":"x"}]}""").RootElement;

    [Theory]
    [InlineData("$.error.code", "RISK_BLOCKED")]
    [InlineData(".error.code", "RISK_BLOCKED")]
    [InlineData("$.list[0]", "1")]
    [InlineData("$.list[1][\"odd name\"]", "x")]
    [InlineData("$.list[1]['odd name']", "x")]
    public void TryEvaluate_Path_FindsValue(string path, string expected)
    {
        Assert.True(JsonPath.Parse(path).TryEvaluate(Body, out var value));
        Assert.Equal(expected, JsonPath.ToText(value));
    }

    [Theory]
    [InlineData("$.error.message")]
    [InlineData("$.list[5]")]
    [InlineData("$.error[0]")]
    [InlineData("$.list.name")]
    public void TryEvaluate_Absent_IsFalse(string path) =>
        Assert.False(JsonPath.Parse(path).TryEvaluate(Body, out _));

    [Theory]
    [InlineData("$..a")]
    [InlineData("$.a[")]
    [InlineData("$a")]
    [InlineData("$.a[-1]")]
    public void TryParse_Malformed_Fails(string path)
    {
        Assert.False(JsonPath.TryParse(path, out _, out var error));
        Assert.Contains(path, error, StringComparison.Ordinal);
    }
}
