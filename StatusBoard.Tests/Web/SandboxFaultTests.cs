namespace StatusBoard.Tests.Web;

/// <summary>
/// End to end: a sandbox fault switched on for one region yields results with the right category in that region,
/// the other regions stay up, and health says the problem is regional (platform-wide when the fault is everywhere).
/// </summary>
public sealed class SandboxFaultTests(SandboxFaultTests.App app) : IClassFixture<SandboxFaultTests.App>
{
    public sealed class App : IDisposable
    {
        public StatusBoardApp Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static TheoryData<string, string, string, string, string, string> Faults => new()
    {
        // fault, endpoint, probe, outcome, category, region status in health (outage: partial or major, by how many of its probes fail)
        { "outage", "payments", "payments-create", "down", "server", "outage" },
        { "timeout", "balance", "balance", "down", "network", "outage" },
        { "oldversion", "payments", "payments-create", "down", "version", "outage" },
        { "ratelimit", "balance", "balance", "down", "security", "outage" },
        { "riskblock", "payments", "payments-create", "down", "security", "outage" },
        { "badrequest", "balance", "balance", "down", "input", "outage" },
        { "latency", "balance", "balance", "degraded", "delay", "degraded_performance" },
        { "wrongamount", "payments", "payments-create", "down", "data", "outage" },
        { "stuckpending", "payments", "payment-journey", "down", "delay", "outage" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Fault_InOneRegion_CategorisedThereAndRegionalInHealth(string fault, string endpoint, string probe, string outcome, string category, string regionStatus)
    {
        var admin = app.Server.Client(admin: true);
        var component = endpoint == "payments" ? "payments" : "balance";
        try
        {
            var since = await SwitchAsync(admin, "sg", endpoint, fault);

            var failed = await Wait.ForAsync(
                () => admin.ResultsAsync(probe, "sg", since),
                results => results.EnumerateArray().Any(r => r.Text("category") == category),
                $"a {category} result of {probe} in sg", Deadline);
            var result = failed.EnumerateArray().First(r => r.Text("category") == category);
            Assert.Equal(outcome, result.Text("outcome"));
            Assert.NotEmpty(result.Text("message"));

            foreach (var healthy in new[] { "cn-east", "cn-south" })
            {
                var others = await Wait.ForAsync(
                    () => admin.ResultsAsync(probe, healthy, since),
                    results => results.GetArrayLength() > 0, $"results of {probe} in {healthy}", Deadline);
                Assert.All(others.EnumerateArray(), r => Assert.Equal("up", r.Text("outcome")));
            }

            var health = await Wait.ForAsync(
                () => admin.GetJsonAsync("/api/v1/health"),
                h => Matches(h.Component(component).Region("sg").Text("status"), regionStatus) && h.Component(component).Text("scope") == "regional",
                $"{component} to be {regionStatus} in sg and regional", Deadline);
            Assert.Equal("operational", health.Component(component).Region("cn-east").Text("status"));
        }
        finally
        {
            await SwitchAsync(admin, "sg", endpoint, "none");
        }
    }

    [Fact]
    public async Task Fault_Everywhere_IsPlatformWide()
    {
        var admin = app.Server.Client(admin: true);
        try
        {
            var since = await SwitchAsync(admin, "*", "balance", "outage");

            foreach (var region in new[] { "cn-east", "cn-south", "sg" })
            {
                await Wait.ForAsync(() => admin.ResultsAsync("balance", region, since),
                    results => results.EnumerateArray().Any(r => r.Text("category") == "server"), $"server failures in {region}", Deadline);
            }

            await Wait.ForAsync(() => admin.GetJsonAsync("/api/v1/health"),
                h => h.Component("balance").Text("scope") == "platform-wide" && h.Component("balance").Text("status") == "major_outage",
                "balance to be a platform-wide major outage", Deadline);
        }
        finally
        {
            await SwitchAsync(admin, "*", "balance", "none");
        }
    }

    [Fact]
    public async Task Ping_PlaysTheOutageOfItsRegion_AndEveryRegionNoneClearsIt()
    {
        var admin = app.Server.Client(admin: true);
        var anonymous = app.Server.Client();
        await SwitchAsync(admin, "sg", "*", "outage");
        try
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/sandbox/ping?region=sg", TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await anonymous.GetAsync("/sandbox/ping?region=cn-east", TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await anonymous.GetAsync("/sandbox/ping", TestContext.Current.CancellationToken)).StatusCode);
        }
        finally
        {
            await SwitchAsync(admin, "*", "*", "none");
        }

        Assert.Equal(0, (await admin.GetJsonAsync("/sandbox/faults")).GetArrayLength());
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await anonymous.GetAsync("/sandbox/ping?region=sg", TestContext.Current.CancellationToken)).StatusCode);
    }

    private static bool Matches(string status, string expected) =>
        expected == "outage" ? status is "partial_outage" or "major_outage" : status == expected;

    /// <summary>Latency faults add 900 ms: past the 800 ms condition, inside the 1 s timeout.</summary>
    private static async Task<DateTimeOffset> SwitchAsync(HttpClient admin, string region, string endpoint, string fault)
    {
        using var response = await admin.PostAsJsonAsync("/sandbox/faults", new { region, endpoint, fault, latencyMs = 900 }, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return TimeProvider.System.GetUtcNow();
    }
}
