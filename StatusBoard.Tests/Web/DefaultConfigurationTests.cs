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

    [Fact]
    public async Task TheDemo_GroupsTheWalletsServices_OnThePageAndInTheStatuspageApi()
    {
        var v2 = (await _app.Client().GetJsonAsync("/api/v2/components.json")).GetProperty("components").EnumerateArray().ToList();
        var group = Assert.Single(v2, c => c.GetProperty("group").GetBoolean());
        var members = v2.Where(c => c.Text("group_id") == group.Text("id")).Select(c => c.Text("name")).ToList();
        var page = await _app.Client().GetStringAsync("/?lang=zh-CN", TestContext.Current.CancellationToken);

        Assert.Equal("Wallet", group.Text("name"));
        Assert.Equal(["Wallet balance", "Transfers", "Top-up"], members);
        Assert.Contains("<li class=\"component-group\" data-group=\"钱包\"", page, StringComparison.Ordinal);
        Assert.Matches("<h3>钱包 <span class=\"group-count\">（3 项服务）</span></h3>", page);
    }

    [Fact]
    public async Task TheDemo_LooksLikeTheWalletsOwnPage()
    {
        var client = _app.Client();
        var page = await client.GetStringAsync("/?lang=zh-CN", TestContext.Current.CancellationToken);
        using var logo = await client.GetAsync("/demo-wallet.svg", TestContext.Current.CancellationToken);

        Assert.Contains("<title>服务状态 · 演示钱包</title>", page, StringComparison.Ordinal);
        Assert.Contains("<img src=\"/demo-wallet.svg\" alt=\"演示钱包\" />", page, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"icon\" href=\"/demo-wallet.svg\" />", page, StringComparison.Ordinal);
        Assert.Contains("<style>:root { --accent: #1f6feb; }</style>", page, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"description\" content=\"演示钱包支付服务的实时状态", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://wallet.example/help\" rel=\"noopener\">帮助中心</a>", page, StringComparison.Ordinal);
        // What each service is, in the reader's language; the English description stays where there is no other.
        Assert.Contains("<p class=\"component-description\">向商户和其他钱包付款</p>", page, StringComparison.Ordinal);
        Assert.Contains("<p class=\"component-description\">Paying merchants and other wallets</p>",
            await client.GetStringAsync("/?lang=en", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, logo.StatusCode);
        Assert.Equal("image/svg+xml", logo.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => _app.Dispose();
}
