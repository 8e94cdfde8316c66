using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StatusBoard.Probes;
using StatusBoard.Probes.Notifications;

namespace StatusBoard.Tests.Notifications;

/// <summary>A webhook's URL is often its secret (Slack, chat bots): sending to it writes it to no log.</summary>
public sealed class WebhookSecretLoggingTests
{
    [Fact]
    public async Task SendingToAWebhook_LogsNeitherItsUrlNorItsPath()
    {
        await using var receiver = await LoopbackServer.StartAsync(app => app.MapPost("/services/T0001/B0002/secret-path-4711", () => Results.NoContent()));
        var lines = new ConcurrentQueue<string>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:StatusBoard"] = "Data Source=:memory:",
            ["StatusBoard:Probes:AllowedPrivateNetworks:0"] = "127.0.0.0/8",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new Capture(lines)));
        services.AddSingleton(TimeProvider.System);
        services.AddStatusBoardProbes(configuration);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(NotificationDispatcher.ClientName);
        using var response = await client.PostAsync(receiver.Address + "/services/T0001/B0002/secret-path-4711", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain(lines, line => line.Contains("secret-path-4711", StringComparison.Ordinal));
    }

    private sealed class Capture(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
