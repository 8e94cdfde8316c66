using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Kinds.Journey;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Running;

/// <summary>
/// Finding 9 of the hardening issue: a value extracted from one step's answer, carrying CR/LF, went onto the wire in
/// the next step's header. Now the step is not sent: the run is the probe's error with the reason, and cleanup still runs.
/// </summary>
public sealed class JourneyHeaderInjectionTests
{
    [Theory]
    [InlineData("header")]
    [InlineData("url")]
    public async Task AnExtractedValueWithCrLf_IsNeverSent_TheRunIsTheProbesError_AndCleanupRuns(string where)
    {
        var confirms = new ConcurrentQueue<string>();
        var refunds = 0;
        await using var gateway = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v2/payments", () => Results.Json(new { id = "p1", reference = "abc\r\nX-Injected: yes" }));
            app.MapPost("/v2/payments/{id}/confirm", (HttpContext http) =>
            {
                confirms.Enqueue(http.Request.Headers["X-Injected"].ToString());
                return Results.Json(new { status = "confirmed" });
            });
            app.MapPost("/v2/payments/{id}/refund", () =>
            {
                Interlocked.Increment(ref refunds);
                return Results.Json(new { status = "refunded" });
            });
        });
        var confirmUrl = where == "url" ? $"{gateway.Address}/v2/payments/{{{{reference}}}}/confirm" : $"{gateway.Address}/v2/payments/p1/confirm";
        var headers = where == "header" ? """{ "X-Reference": "{{reference}}" }""" : "{}";
        var probe = TestProbes.Parse($$"""
            { "key": "inject", "name": "Inject", "component": "payments", "kind": "journey", "regions": ["sg"], "timeout": "2s",
              "steps": [
                { "name": "create", "request": { "method": "POST", "url": "{{gateway.Address}}/v2/payments" }, "conditions": ["[STATUS] == 200"],
                  "extract": { "reference": "[BODY].reference" } },
                { "name": "confirm", "request": { "method": "POST", "url": "{{confirmUrl}}", "headers": {{headers}} }, "conditions": ["[STATUS] == 200"] },
                { "name": "refund", "request": { "method": "POST", "url": "{{gateway.Address}}/v2/payments/p1/refund" }, "conditions": ["[STATUS] == 200"], "alwaysRun": true }
              ] }
            """);
        var options = Options.Create(new ProbeHttpOptions { RetryDelay = TimeSpan.Zero });
        var exchanger = new HttpExchanger(TimeProvider.System, options, TestDestinations.Loopback);
        var runner = new ProbeRunner([new JourneyExecutor(exchanger, TimeProvider.System)], TimeProvider.System, options);

        var result = await runner.RunAsync(probe, new RunContext("sg", "test", null), TestContext.Current.CancellationToken);

        Assert.Empty(confirms);
        Assert.Equal(1, refunds);
        Assert.Equal((Outcome.Error, FailureCategory.Probe, "probe-fault"), (result.Outcome, result.Category, result.Rule));
        Assert.StartsWith("confirm: ", result.Message, StringComparison.Ordinal);
        Assert.Contains("CR, LF or NUL", result.Message, StringComparison.Ordinal);
    }
}
