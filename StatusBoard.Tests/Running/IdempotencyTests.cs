using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Running;
using StatusBoard.Tests.Support;

namespace StatusBoard.Tests.Running;

/// <summary>One request per run, however many attempts: a retried payment never becomes a second payment.</summary>
public sealed class IdempotencyTests
{
    [Fact]
    public async Task Retries_OfAFailingPost_ResendTheSameIdempotencyKeyAndBody_AndTheNextRunDrawsNewOnes()
    {
        var seen = new ConcurrentQueue<(string? Key, string Body, string Url)>();
        await using var gateway = await LoopbackServer.StartAsync(app => app.MapPost("/v2/payments", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            seen.Enqueue((http.Request.Headers["Idempotency-Key"].ToString(), await reader.ReadToEndAsync(http.RequestAborted), http.Request.QueryString.Value ?? ""));
            return Results.Json(new { error = new { code = "SERVICE_UNAVAILABLE" } }, statusCode: 503);
        }));
        var probe = TestProbes.Parse($$$"""
            { "key": "pay", "name": "Pay", "component": "payments", "kind": "http", "regions": ["sg"], "timeout": "2s", "retries": 2,
              "request": { "method": "POST", "url": "{{{gateway.Address}}}/v2/payments?at={{timestamp}}",
                           "headers": { "Idempotency-Key": "{{uuid}}" }, "body": "{\"amount\":\"0.01\",\"ref\":\"{{uuid}}\"}" },
              "conditions": ["[STATUS] == 200"] }
            """);
        var options = Options.Create(new ProbeHttpOptions { RetryDelay = TimeSpan.Zero });
        using var exchanger = new HttpExchanger(TimeProvider.System, options, TestDestinations.Loopback);
        var runner = new ProbeRunner([new HttpProbeExecutor(exchanger, TimeProvider.System)], TimeProvider.System, options);
        var context = new RunContext("sg", "test", null);

        var first = await runner.RunAsync(probe, context, TestContext.Current.CancellationToken);
        var attempts = seen.ToList();

        Assert.Equal(Outcome.Down, first.Outcome);
        Assert.Equal(3, first.Attempts);
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts.Select(a => a.Key).Distinct());
        Assert.True(Guid.TryParse(attempts[0].Key, out _));
        Assert.Single(attempts.Select(a => a.Body).Distinct());
        Assert.Single(attempts.Select(a => a.Url).Distinct());
        // Two placeholders in one request are two values, each kept for the run.
        Assert.DoesNotContain(attempts[0].Key!, attempts[0].Body, StringComparison.Ordinal);

        await runner.RunAsync(probe, context, TestContext.Current.CancellationToken);
        var second = seen.Skip(3).ToList();
        Assert.Equal(3, second.Count);
        Assert.Single(second.Select(a => a.Key).Distinct());
        Assert.NotEqual(attempts[0].Key, second[0].Key);
    }
}
