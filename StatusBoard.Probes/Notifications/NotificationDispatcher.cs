using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Polly;
using Polly.CircuitBreaker;

namespace StatusBoard.Probes.Notifications;

/// <summary>
/// Delivers the outbox, each item through its channel's type (webhook, Slack, e-mail, DingTalk, PagerDuty…). A failed delivery is retried
/// with a doubling delay kept in the outbox (so a restart neither loses nor repeats it); a channel that keeps
/// failing is left alone for a while by a circuit breaker.
/// </summary>
public sealed class NotificationDispatcher(
    Outbox outbox,
    ChannelDirectory directory,
    IHttpClientFactory clients,
    IOptions<NotificationOptions> options,
    Cluster.Leadership leadership,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger,
    IEnumerable<IOutboxRoute>? routes = null) : BackgroundService
{
    public const string ClientName = "notifications";
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _breakers = new();
    private readonly IReadOnlyList<IOutboxRoute> _routes = routes?.ToList() ?? [];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Periodic.RunAsync(options.Value.PollInterval, time, ct => leadership.IsLeading ? DeliverDueAsync(ct) : Task.CompletedTask, logger, "Delivering notifications", stoppingToken);

    public async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        await directory.EnsureLoadedAsync(cancellationToken);
        var channels = directory.All.ToDictionary(c => c.Name, c => c.Options, StringComparer.Ordinal);
        foreach (var item in await outbox.DueAsync(time.GetUtcNow(), 50, cancellationToken))
        {
            var route = _routes.FirstOrDefault(r => item.Channel.StartsWith(r.Prefix, StringComparison.Ordinal));
            ChannelOptions? channel = null;
            if (route is null && !channels.TryGetValue(item.Channel, out channel))
            {
                await outbox.FailedAsync(item.Id, "the channel is no longer configured", time.GetUtcNow().AddDays(1), cancellationToken);
                continue;
            }

            try
            {
                await Breaker(item.Channel).ExecuteAsync(async token =>
                {
                    if (route is not null)
                    {
                        await route.SendAsync(item, token);
                    }
                    else
                    {
                        await SendAsync(item, channel!, token);
                    }
                }, cancellationToken);
                await outbox.DeliveredAsync(item.Id, time.GetUtcNow(), cancellationToken);
            }
            catch (Exception exception) when (IsDeliveryFailure(exception) && !cancellationToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, options.Value.RetryDelay.Ticks * (1L << (int)Math.Min(item.Attempts, 20))));
                var error = Reason(exception);
                await outbox.FailedAsync(item.Id, error, time.GetUtcNow() + delay, cancellationToken);
                logger.LogWarning("Notification {Id} to {Channel} failed (attempt {Attempt}): {Error}", item.Id, item.Channel, item.Attempts + 1, error);
            }
        }
    }

    /// <summary>One delivery through its channel's type (<see cref="Channels.ChannelTypes"/>), in the channel's language.</summary>
    private Task SendAsync(Outbox.Item item, ChannelOptions channel, CancellationToken cancellationToken)
    {
        var type = Channels.ChannelTypes.Find(channel.Type) ?? throw new HttpRequestException($"there is no channel type '{channel.Type}'");
        return type.SendAsync(Channels.ChannelDelivery.For(item, type, channel, clients.CreateClient(ClientName), options.Value, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>A receiver or mail server that failed, as against a bug here: the first is retried, the second thrown.</summary>
    public static bool IsDeliveryFailure(Exception exception) => exception is HttpRequestException or BrokenCircuitException or TaskCanceledException
        or MailKit.CommandException or MailKit.ProtocolException or MailKit.ServiceNotConnectedException or MailKit.Security.AuthenticationException
        or MimeKit.ParseException or System.Net.Sockets.SocketException or IOException;

    private ResiliencePipeline Breaker(string channel) => _breakers.GetOrAdd(channel, _ => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromMinutes(1),
            BreakDuration = TimeSpan.FromMinutes(1),
            ShouldHandle = new PredicateBuilder().Handle<Exception>(exception => exception is not BrokenCircuitException && IsDeliveryFailure(exception)),
        })
        .Build());

    /// <summary>What went wrong, in words an admin can act on: a refused destination says why, not just that sending failed.</summary>
    private static string Reason(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is Running.BlockedDestinationException blocked)
            {
                return blocked.Message;
            }
        }

        return exception.Message;
    }
}
