using StatusBoard.Probes.Conditions;

namespace StatusBoard.Tests.Conditions;

public sealed class ResponseSnapshotTests
{
    [Theory]
    [InlineData("ok")]
    [InlineData("<html><body>fine</body></html>")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("nope")]
    [InlineData("{\"cut\": ")]
    public void ABodyThatIsNotJson_HasNoJson(string body) =>
        Assert.Null(new ResponseSnapshot { Status = 200, Body = body }.Json);

    [Theory]
    [InlineData("{\"status\": \"UP\"}", "Object")]
    [InlineData("  \n[1, 2]", "Array")]
    [InlineData("true", "True")]
    [InlineData("-1.5", "Number")]
    [InlineData("\"text\"", "String")]
    [InlineData("null", "Null")]
    public void ABodyThatIsJson_IsReadAsJson(string body, string kind) =>
        Assert.Equal(kind, new ResponseSnapshot { Status = 200, Body = body }.Json?.ValueKind.ToString());
}
