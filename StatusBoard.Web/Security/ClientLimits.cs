using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;

namespace StatusBoard.Web.Security;

/// <summary>
/// <c>StatusBoard:Network</c>: which proxies' <c>X-Forwarded-For</c> is believed, and how much one anonymous client
/// and all of them together may ask of the public surfaces.
/// </summary>
public sealed class NetworkOptions
{
    /// <summary>
    /// CIDR ranges of the reverse proxies or load balancers in front of StatusBoard. Only a request from one of them may
    /// say, in <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, whom it is for; from anyone else those headers are
    /// ignored. Empty by default: nothing is believed.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Requests a second one anonymous client may make, on average (a token bucket).</summary>
    public int PerClientPerSecond { get; set; } = 20;

    /// <summary>Requests one anonymous client may make at once before the average applies (the bucket's size).</summary>
    public int PerClientBurst { get; set; } = 200;

    /// <summary>Anonymous requests served at the same time, from everyone together; beyond them a quick 429.</summary>
    public int ConcurrentAnonymous { get; set; } = 2048;

    /// <summary>
    /// Anonymous live connections to <c>/hubs/status</c> (WebSocket, server-sent events or a long poll) one client network
    /// may hold at once. Live connections are limited apart from requests: however many are open, pages are served.
    /// </summary>
    public int HubConnectionsPerClient { get; set; } = 16;

    /// <summary>Anonymous live connections to <c>/hubs/status</c> from everyone together.</summary>
    public int HubConnections { get; set; } = 10_000;
}

/// <summary>Forwarded headers from trusted proxies only, and the limits on anonymous clients.</summary>
public static class ClientLimits
{
    public static IServiceCollection AddClientLimits(this IServiceCollection services)
    {
        services.AddOptions<NetworkOptions>().BindConfiguration("StatusBoard:Network")
            .Validate(o => o.TrustedProxies.All(entry => System.Net.IPNetwork.TryParse(entry?.Trim(), out _)), "StatusBoard:Network:TrustedProxies: every entry must be a CIDR range such as 10.0.0.0/8")
            .Validate(o => o.PerClientPerSecond >= 1 && o.PerClientBurst >= 1 && o.ConcurrentAnonymous >= 1 && o.HubConnectionsPerClient >= 1 && o.HubConnections >= 1,
                "StatusBoard:Network:PerClientPerSecond, PerClientBurst, ConcurrentAnonymous, HubConnectionsPerClient and HubConnections must be at least 1")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<Microsoft.Extensions.Options.IOptions<NetworkOptions>>((forwarded, network) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = null;
            // The framework trusts loopback by default; here only what is configured is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in network.Value.TrustedProxies)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry.Trim()));
            }
        });
        services.AddOptions<RateLimiterOptions>().Configure<Microsoft.Extensions.Options.IOptions<NetworkOptions>>((options, network) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(PerClient(network.Value), Together(network.Value), HubsPerClient(network.Value));
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>
    /// Every limit's answer, whichever refused: forms go back to their page, which says why; programs get a 429 problem
    /// with <c>Retry-After</c>, in a report's own words for reports.
    /// </summary>
    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (http.Request.Path == "/report" || http.Request.Path == "/signin")
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = http.Request.Path == "/report" ? $"/?lang={Services.PublicPage.Language(http)}&reported=limited#report" : "/signin?error=limited";
            return;
        }

        if (http.Request.Path == "/subscribe")
        {
            // The subscribe form's answer to too many subscriptions from one network: the 429 page, in the reader's language.
            await Services.ErrorPages.WriteAsync(http, "limited");
            return;
        }

        if (Services.ErrorPages.WantsPage(http.Request))
        {
            await Services.ErrorPages.WriteAsync(http, "limited");
            return;
        }

        var report = http.Request.Path.StartsWithSegments("/api/v1/reports");
        await Api.JsonBody.WriteProblemAsync(http.Response, StatusCodes.Status429TooManyRequests,
            report ? "Too many reports" : "Too many requests",
            report
                ? "Thank you: your report is already counted. Please try again in a few minutes."
                : "This address has asked too much too quickly, or the server is at its limit; please try again in a moment.",
            cancellationToken);
    }

    /// <summary>
    /// Reads forwarded headers only when proxies are configured: with no known proxy at all the framework's middleware
    /// believes everyone.
    /// </summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<NetworkOptions>>().Value.TrustedProxies.Count > 0
            ? app.UseForwardedHeaders()
            : app;

    /// <summary>
    /// One bucket per anonymous client address (an IPv6 client per /64, which one host can fill). Loopback is not
    /// limited: it is this server's own probes, or a proxy on the same host whose clients are not yet told apart
    /// (configure <see cref="NetworkOptions.TrustedProxies"/>). Signed-in people and API keys are not limited here.
    /// </summary>
    private static PartitionedRateLimiter<HttpContext> PerClient(NetworkOptions network) => PartitionedRateLimiter.Create<HttpContext, string>(http =>
        Client(http) is { } client
            ? RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = network.PerClientBurst,
                TokensPerPeriod = network.PerClientPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter(""));

    /// <summary>
    /// All anonymous requests together, loopback left out as above: at most so many at once, the rest refused at once
    /// rather than queued.
    /// </summary>
    private static PartitionedRateLimiter<HttpContext> Together(NetworkOptions network) => PartitionedRateLimiter.Create<HttpContext, string>(http =>
        Client(http) is null ? RateLimitPartition.GetNoLimiter("")
        // A live connection holds its permit as long as it is open: it must never hold one of those that serve pages.
        : IsHub(http) ? RateLimitPartition.GetConcurrencyLimiter("hubs", _ => new ConcurrencyLimiterOptions { PermitLimit = network.HubConnections, QueueLimit = 0 })
        : RateLimitPartition.GetConcurrencyLimiter("anonymous", _ => new ConcurrencyLimiterOptions { PermitLimit = network.ConcurrentAnonymous, QueueLimit = 0 }));

    /// <summary>Live connections of one anonymous client network at once.</summary>
    private static PartitionedRateLimiter<HttpContext> HubsPerClient(NetworkOptions network) => PartitionedRateLimiter.Create<HttpContext, string>(http =>
        IsHub(http) && Client(http) is { } client
            ? RateLimitPartition.GetConcurrencyLimiter("hub:" + client, _ => new ConcurrencyLimiterOptions { PermitLimit = network.HubConnectionsPerClient, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(""));

    /// <summary>
    /// The request that holds a live connection open: the WebSocket, server-sent events or long-poll GET. One per
    /// connection; the negotiation and a long-poll client's sends are short requests like any other.
    /// </summary>
    private static bool IsHub(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) && http.Request.Path.StartsWithSegments(Hubs.StatusHub.Path)
        && !http.Request.Path.Value!.EndsWith("/negotiate", StringComparison.Ordinal);

    /// <summary>The limited client's key, or null when the request is not limited per client.</summary>
    public static string? Client(HttpContext http) => IsAnonymous(http) ? Address(http) : null;

    /// <summary>
    /// The client's network as limits key it (an address, or an IPv6 /64), signed in or not; null for loopback, which
    /// is this server itself or a local proxy not configured in <see cref="NetworkOptions.TrustedProxies"/>.
    /// </summary>
    public static string? Address(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null || IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address))
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }

    private static bool IsAnonymous(HttpContext http) => http.User.Identity?.IsAuthenticated != true;
}
