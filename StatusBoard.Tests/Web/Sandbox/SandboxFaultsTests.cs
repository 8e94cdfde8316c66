using StatusBoard.Web.Sandbox;

namespace StatusBoard.Tests.Web.Sandbox;

public sealed class SandboxFaultsTests
{
    private static SandboxFaults With(params (string Region, string Endpoint)[] outages)
    {
        var faults = new SandboxFaults();
        foreach (var (region, endpoint) in outages)
        {
            faults.Set(new SandboxFaultSetting(region, endpoint, SandboxFault.Outage, 0));
        }

        return faults;
    }

    [Theory]
    [InlineData("every region clears the endpoint everywhere", "*", "payments", "sg/balance")]
    [InlineData("every region and endpoint clears everything", "*", "*", "")]
    [InlineData("one region, every endpoint", "sg", "*", "*/payments,cn-east/payments")]
    [InlineData("one region and endpoint only", "sg", "payments", "*/payments,cn-east/payments,sg/balance")]
    public void None_ClearsWhatItsWildcardsCover(string name, string region, string endpoint, string left)
    {
        var faults = With(("sg", "payments"), ("sg", "balance"), ("cn-east", "payments"), ("*", "payments"));

        faults.Set(new SandboxFaultSetting(region, endpoint, SandboxFault.None, 0));

        var remaining = string.Join(",", faults.All.Select(s => $"{s.Region}/{s.Endpoint}").Order(StringComparer.Ordinal));
        Assert.True(string.Join(",", left.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)) == remaining, $"{name}: left {remaining}");
    }
}
