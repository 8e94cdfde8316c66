using StatusBoard.Web.Api;

namespace StatusBoard.Web.Services;

/// <summary>Provisions <c>StatusBoard:Bootstrap:AdminApiKey</c> at start, so automation can write from the first minute.</summary>
public sealed class BootstrapApiKey(ApiKeys keys, IConfiguration configuration, ILogger<BootstrapApiKey> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var key = configuration["StatusBoard:Bootstrap:AdminApiKey"];
        if (string.IsNullOrWhiteSpace(key))
        {
            return;
        }

        if (key.Trim().Length < 16)
        {
            throw new InvalidOperationException("StatusBoard:Bootstrap:AdminApiKey must be at least 16 characters.");
        }

        await keys.EnsureAsync("bootstrap", key.Trim(), ApiKeys.AdminRole, cancellationToken);
        logger.LogInformation("Admin API key from StatusBoard:Bootstrap:AdminApiKey is provisioned");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
