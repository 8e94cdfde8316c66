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
}
