using StatusBoard.Tests.Support;

namespace StatusBoard.Tests.Web;

/// <summary>What a new user sees: the shipped appsettings.json, its sandbox and demo probes in three regions.</summary>
public sealed class DefaultConfigurationTests : IDisposable
{
    private static readonly string[] Regions = ["cn-east", "cn-south", "sg"];
    private readonly StatusBoardApp _app = StatusBoardApp.WithDefaults();

    [Fact]
    public async Task FreshStart_EveryDemoProbeReportsFromThreeRegions_AndAllComponentsOperational()
    {
        var client = _app.Client(admin: true);
        var probes = (await client.GetJsonAsync("/api/v1/probes")).EnumerateArray().Select(p => p.Text("key")).ToList();
        Assert.Contains(probes, key => key == "payment-journey");
        Assert.True(probes.Count >= 5);

        // Demo intervals are 10-15 s: every pair reports within one interval of the start.
        await Wait.ForAsync(
            () => client.GetJsonAsync("/api/v1/results?limit=1000"),
            results => probes.All(probe => Regions.All(region =>
                results.EnumerateArray().Any(r => r.Text("probe") == probe && r.Text("region") == region))),
            "results from every demo probe in every region", TimeSpan.FromSeconds(45));

        var health = await client.GetJsonAsync("/api/v1/health");
        var components = health.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["payments", "balance", "transfers", "topup", "signin"], components.Select(c => c.Text("key")));
        Assert.All(components, c => Assert.Equal("operational", c.Text("status")));
        Assert.All(components, c => Assert.Equal("none", c.Text("scope")));
    }

    public void Dispose() => _app.Dispose();
}
