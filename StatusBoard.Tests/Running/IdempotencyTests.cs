using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Kinds.Http;
using StatusBoard.Probes.Kinds.Journey;
using StatusBoard.Probes.Running;

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
        var exchanger = new HttpExchanger(TimeProvider.System, options, TestDestinations.Loopback);
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

    [Fact]
    public async Task AJourneyWhoseSecondStepFails_IsRetriedWithOneKey_AndItsRefundRunsOnceAfterTheRetries()
    {
        var creates = new ConcurrentQueue<string?>();
        var refunds = new ConcurrentQueue<string>();
        var confirms = 0;
        await using var gateway = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v2/payments", (HttpContext http) =>
            {
                creates.Enqueue(http.Request.Headers["Idempotency-Key"].ToString());
                return Results.Json(new { id = "pay_" + http.Request.Headers["Idempotency-Key"].ToString()[..8], status = "created" });
            });
            app.MapPost("/v2/payments/{id}/confirm", () =>
            {
                Interlocked.Increment(ref confirms);
                return Results.Json(new { error = new { code = "SYSTEM_BUSY" } }, statusCode: 503);
            });
            app.MapPost("/v2/payments/{id}/refund", (string id) =>
            {
                refunds.Enqueue(id);
                return Results.Json(new { id, status = "refunded" });
            });
        });
        var probe = TestProbes.Parse($$$"""
            { "key": "pay-journey", "name": "Pay and refund", "component": "payments", "kind": "journey", "regions": ["sg"], "timeout": "2s", "retries": 2,
              "errorCodePath": "$.error.code",
              "steps": [
                { "name": "create", "request": { "method": "POST", "url": "{{{gateway.Address}}}/v2/payments", "headers": { "Idempotency-Key": "{{uuid}}" }, "body": "{\"amount\":\"0.01\"}" },
                  "conditions": ["[STATUS] == 200"], "extract": { "paymentId": "[BODY].id" } },
                { "name": "confirm", "request": { "method": "POST", "url": "{{{gateway.Address}}}/v2/payments/{{paymentId}}/confirm" }, "conditions": ["[STATUS] == 200"] },
                { "name": "refund", "request": { "method": "POST", "url": "{{{gateway.Address}}}/v2/payments/{{paymentId}}/refund" },
                  "conditions": ["[STATUS] == 200", "[BODY].status == refunded"], "alwaysRun": true }
              ] }
            """);
        var options = Options.Create(new ProbeHttpOptions { RetryDelay = TimeSpan.Zero });
        var exchanger = new HttpExchanger(TimeProvider.System, options, TestDestinations.Loopback);
        var runner = new ProbeRunner([new JourneyExecutor(exchanger, TimeProvider.System)], TimeProvider.System, options);

        var result = await runner.RunAsync(probe, new RunContext("sg", "test", null), TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, creates.Count);
        Assert.Single(creates.Distinct());
        Assert.Equal(3, confirms);
        var refunded = Assert.Single(refunds);
        Assert.Equal("pay_" + creates.First()![..8], refunded);
        // The run is the confirm step's failure, and shows the refund's conditions passing.
        Assert.Equal((Outcome.Down, FailureCategory.Server, "error-code"), (result.Outcome, result.Category, result.Rule));
        Assert.StartsWith("confirm: ", result.Message, StringComparison.Ordinal);
        Assert.Contains(result.Conditions, c => c.Condition.StartsWith("refund: ", StringComparison.Ordinal) && c.Success);
    }
}
