using StatusBoard.Web.Api;

namespace StatusBoard.Tests.Web;

public sealed class ClientNetworkTests
{
    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0/24")]
    [InlineData("2001:db8:77:1234:5678::1", "2001:db8:77::/48")]
    [InlineData("2001:db8:77:ffff::9", "2001:db8:77::/48")]
    [InlineData("2001:db8:78::1", "2001:db8:78::/48")]
    public void Of_Address_IsItsNetwork(string address, string network) =>
        Assert.Equal(network, ClientNetwork.Of(IPAddress.Parse(address)));

    [Fact]
    public void Of_NoAddress_IsOneUnknownNetwork() => Assert.Equal("unknown", ClientNetwork.Of(null));
}
