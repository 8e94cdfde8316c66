using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace StatusBoard.Tests.Web;

public sealed class ConfigurationValidationTests
{
    private sealed class BrokenApp(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("statusboard-bad-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
            {
                ["ConnectionStrings:StatusBoard"] = $"Data Source={Path.Combine(_directory, "db.sqlite")}",
            }));
        }
    }

    [Fact]
    public void Start_WithAnInvalidConfiguredProbe_FailsNamingKeyProbeAndCondition()
    {
        using var app = new BrokenApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Probes:0:conditions:1"] = "[BODY].status equals succeeded",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = error.ToString();
        Assert.Contains("StatusBoard:Probes:0", message, StringComparison.Ordinal);
        Assert.Contains("payments-create", message, StringComparison.Ordinal);
        Assert.Contains("[BODY].status equals succeeded", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithAProbeOfAnUnknownComponent_Fails()
    {
        using var app = new BrokenApp(new Dictionary<string, string?>
        {
            ["StatusBoard:Probes:2:component"] = "coffee",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("'coffee' is not a known component", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StatusBoard:Probes:AllowedPrivateNetworks:0", "10.0.0.0/33", "StatusBoard:Probes:AllowedPrivateNetworks:0: '10.0.0.0/33' is not a CIDR range")]
    [InlineData("StatusBoard:Network:TrustedProxies:0", "the-proxy", "StatusBoard:Network:TrustedProxies: every entry must be a CIDR range")]
    [InlineData("StatusBoard:Accounts:SignInAttemptsPerMinute", "0", "StatusBoard:Accounts:SignInAttemptsPerMinute must be at least 1")]
    [InlineData("StatusBoard:Reports:PerClientLimit", "0", "StatusBoard:Reports: PerClientLimit, OverallPerMinute and MinimumNetworks must be at least 1")]
    [InlineData("StatusBoard:Reports:AllowedOrigins:0", "wallet.example", "AllowedOrigins absolute http(s) origins")]
    [InlineData("StatusBoard:Verdict:MinimumAppVersion", "five", "StatusBoard:Verdict:MinimumAppVersion must be a version")]
    [InlineData("StatusBoard:Subscribers:PerNetworkLimit", "0", "StatusBoard:Subscribers: ConfirmFor and PerNetworkWindow must be positive durations")]
    [InlineData("StatusBoard:Probes:Scheduler:WakeResolution", "00:00:05", "StatusBoard:Probes:Scheduler:WakeResolution must be between 0 and 1 s")]
    public void Start_WithABadNetworkSetting_FailsNamingIt(string key, string value, string expected)
    {
        using var app = new BrokenApp(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }
}
