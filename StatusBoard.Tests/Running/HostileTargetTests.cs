using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Kinds.Http;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Running;

/// <summary>
/// The scheduler and engine together, on real time, against targets that never finish or never stop sending:
/// those probes end at their deadline with a category, and a healthy probe beside them keeps its schedule.
/// </summary>
public sealed class HostileTargetTests
{
    [Fact]
    public async Task Scheduler_TrickleAndHugeTargets_DoNotHoldUpOtherProbes()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/ok", () => Results.Text("ok"));
            HostileEndpoints.Map(app);
        });

        var options = Options.Create(new ProbeHttpOptions { MaxBodyBytes = 64 * 1024 });
        var exchanger = new HttpExchanger(TimeProvider.System, options, TestDestinations.Loopback);
        var runner = new ProbeRunner([new HttpProbeExecutor(exchanger, TimeProvider.System)], TimeProvider.System, options);
        var results = new ConcurrentQueue<ProbeResult>();
        var scheduler = new ProbeScheduler(TimeProvider.System, Options.Create(new SchedulerOptions { MaxConcurrency = 8 }),
            async (pair, ct) => results.Enqueue(await runner.RunAsync(pair.Probe, new RunContext(pair.Region, "test", null), ct)),
            NullLogger<ProbeScheduler>.Instance);
        scheduler.Update(
        [
            new ScheduledPair(TestProbes.Http("fast", server.Address + "/ok", interval: "1s", timeout: "1s"), "sg"),
            new ScheduledPair(TestProbes.Http("trickle", server.Address + "/trickle", interval: "1s", timeout: "1500ms"), "sg"),
            new ScheduledPair(TestProbes.Http("huge", server.Address + "/huge", interval: "1s", timeout: "5s", conditions: "[BODY] contains \"never\""), "sg"),
            new ScheduledPair(TestProbes.Http("gigabyte", server.Address + "/gigabyte", interval: "1s", timeout: "5s", conditions: "[BODY].status == \"ok\""), "sg"),
            new ScheduledPair(TestProbes.Http("bomb", server.Address + "/gzip-bomb", interval: "1s", timeout: "5s", conditions: "[BODY].status == \"ok\""), "sg"),
            new ScheduledPair(TestProbes.Http("endless", server.Address + "/endless", interval: "1s", timeout: "5s", conditions: "[BODY] contains \"never\""), "sg"),
            new ScheduledPair(TestProbes.Http("headers", server.Address + "/headers", interval: "1s", timeout: "5s"), "sg"),
            new ScheduledPair(TestProbes.Http("loop", server.Address + "/loop", interval: "1s", timeout: "5s"), "sg"),
        ]);

        using var stop = new CancellationTokenSource();
        var loop = scheduler.RunAsync(stop.Token);
        string[] hostile = ["trickle", "huge", "gigabyte", "bomb", "endless", "headers", "loop"];
        Wait.For(() => results.Count(r => r.Probe == "fast") >= 4 && hostile.All(key => results.Any(r => r.Probe == key)),
            "four runs of the fast probe beside the hostile ones", TimeSpan.FromSeconds(15));
        await stop.CancelAsync();
        await loop;
        await scheduler.DisposeAsync();

        Assert.All(results.Where(r => r.Probe == "fast"), r => Assert.Equal(Outcome.Up, r.Outcome));
        var trickle = results.First(r => r.Probe == "trickle");
        Assert.Equal(FailureCategory.Network, trickle.Category);
        Assert.Equal(TransportFailure.Timeout, trickle.Transport);
        Assert.InRange(trickle.DurationMs, 1400, 4000);
        var huge = results.First(r => r.Probe == "huge");
        Assert.Equal(Outcome.Down, huge.Outcome);
        Assert.InRange(huge.Excerpt!.Length, 1, Redaction.ExcerptLength + 1);
        Assert.All(hostile.Skip(1).Select(key => results.First(r => r.Probe == key)), r => Assert.Equal(Outcome.Down, r.Outcome));
        Assert.Equal(FailureCategory.Network, results.First(r => r.Probe == "headers").Category);
        Assert.Equal(302, results.First(r => r.Probe == "loop").HttpStatus);
        Assert.Equal(0, scheduler.InFlight);
    }
}
