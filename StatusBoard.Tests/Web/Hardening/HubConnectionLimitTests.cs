using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace StatusBoard.Tests.Web.Hardening;

/// <summary>
/// Finding 1 of the hardening issue: each open anonymous /hubs/status connection held one of the permits that serve
/// pages, so enough of them made /, /api/v1/health and /api/v2 answer 429 to everyone. Live connections are now limited
/// apart from requests, per client network (<c>HubConnectionsPerClient</c>) and in total (<c>HubConnections</c>).
/// </summary>
public sealed class HubConnectionLimitTests : IAsyncLifetime
{
    private readonly StatusBoardApp _app = new(new Dictionary<string, string?>
    {
        ["StatusBoard:Network:TrustedProxies:0"] = "127.0.0.1/32",
        ["StatusBoard:Network:ConcurrentAnonymous"] = "4",
        ["StatusBoard:Network:HubConnectionsPerClient"] = "3",
        ["StatusBoard:Network:HubConnections"] = "5",
    });

    private readonly List<HubConnection> _connections = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _app.Client();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await _app.DisposeAsync();
    }

    private async Task<bool> TryConnectAsync(string client, HttpTransportType transport)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.ClientOptions.BaseAddress, "/hubs/status"), options =>
            {
                options.Headers["X-Forwarded-For"] = client;
                options.Transports = transport;
            })
            .Build();
        _connections.Add(connection);
        try
        {
            await connection.StartAsync(Ct);
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests }
            || (exception is AggregateException && exception.ToString().Contains("429", StringComparison.Ordinal)))
        {
            // Refused at negotiation (a 429 answer) or at the upgrade (a 429 where 101 was expected).
            return false;
        }
    }

    [Fact]
    public async Task OpenLiveConnections_NeverTakeThePermitsThatServePages_AndAreLimitedPerClientAndInTotal()
    {
        var first = new List<bool>();
        // WebSockets and server-sent events hold their request for as long as they are open; a long poll holds it while it
        // polls, which leaves gaps between polls, so it is not what is counted here.
        foreach (var transport in new[] { HttpTransportType.WebSockets, HttpTransportType.ServerSentEvents, HttpTransportType.WebSockets, HttpTransportType.ServerSentEvents })
        {
            first.Add(await TryConnectAsync("203.0.113.7", transport));
        }

        // Three live connections are open, more than half of the four page permits: pages are still served to others, all at once.
        var client = _app.Client();
        var pages = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Send(client, i % 2 == 0 ? "/api/v1/health" : "/api/v2/summary.json", $"198.51.100.{i + 1}")));
        var home = await Send(client, "/?lang=en", "198.51.100.20");
        var second = new[] { await TryConnectAsync("198.51.100.9", HttpTransportType.WebSockets), await TryConnectAsync("198.51.100.9", HttpTransportType.WebSockets) };
        var overTotal = await TryConnectAsync("192.0.2.44", HttpTransportType.WebSockets);

        Assert.Equal([true, true, true, false], first);
        Assert.All(pages, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.OK, home);
        Assert.Equal([true, true], second);
        Assert.False(overTotal);
    }

    private static async Task<HttpStatusCode> Send(HttpClient client, string path, string from)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", from);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
