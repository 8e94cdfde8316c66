using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Running;

public sealed class ProbeSchedulerTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(string Pair, DateTimeOffset At)> _starts = new();
    private Func<ScheduledPair, CancellationToken, Task> _work = (_, _) => Task.CompletedTask;
    private ProbeScheduler? _scheduler;
    private Task? _loop;

    private ProbeScheduler Start(int maxConcurrency, params ScheduledPair[] pairs) => Start(new SchedulerOptions { MaxConcurrency = maxConcurrency }, pairs);

    private ProbeScheduler Start(SchedulerOptions options, params ScheduledPair[] pairs)
    {
        _scheduler = new ProbeScheduler(_time, Options.Create(options), (pair, ct) =>
        {
            _starts.Enqueue((pair.Id, _time.GetUtcNow()));
            return _work(pair, ct);
        }, NullLogger<ProbeScheduler>.Instance);
        _scheduler.Update(pairs);
        _loop = Task.Run(() => _scheduler.RunAsync(_stop.Token));
        return _scheduler;
    }

    private static ScheduledPair Pair(string key, string interval = "10s") => new(TestProbes.Http(key, "http://127.0.0.1:9/", interval), "sg");

    /// <summary>Moves the clock to the pair's next planned start, once the scheduler has planned it.</summary>
    private DateTimeOffset AdvanceToNext(ProbeScheduler scheduler, string pair, DateTimeOffset after)
    {
        Wait.For(() => scheduler.NextRuns()[pair] > after, $"{pair} to plan past {after:HH:mm:ss.fff}");
        var next = scheduler.NextRuns()[pair];
        _time.Advance(next - _time.GetUtcNow());
        return next;
    }

    [Fact]
    public void Offset_ThousandPairs_SpreadAcrossTheInterval()
    {
        var interval = TimeSpan.FromSeconds(10);
        var offsets = Enumerable.Range(0, 1000).Select(i => ProbeScheduler.Offset($"probe-{i}@sg", interval)).ToList();

        Assert.All(offsets, offset => Assert.InRange(offset, TimeSpan.Zero, interval - TimeSpan.FromTicks(1)));
        var busiestTenthOfASecond = offsets.GroupBy(o => (int)(o.TotalMilliseconds / 100)).Max(g => g.Count());
        Assert.True(busiestTenthOfASecond <= 30, $"{busiestTenthOfASecond} of 1000 pairs start in the same 100 ms");
        Assert.True(offsets.Distinct().Count() > 990);
        Assert.Equal(ProbeScheduler.Offset("probe-1@sg", interval), offsets[1]);
    }

    [Fact]
    public void RunAsync_OnePair_RunsAtItsOffsetThenEveryInterval()
    {
        var started = _time.GetUtcNow();
        var pair = Pair("steady");
        var scheduler = Start(4, pair);
        var offset = ProbeScheduler.Offset(pair.Id, TimeSpan.FromSeconds(10));

        var planned = new List<DateTimeOffset>();
        var last = started;
        for (var i = 0; i < 4; i++)
        {
            last = AdvanceToNext(scheduler, pair.Id, last);
            planned.Add(last);
            var expectedRuns = i + 1;
            Wait.For(() => _starts.Count == expectedRuns, $"run {expectedRuns}");
            Wait.For(() => scheduler.InFlight == 0, $"run {expectedRuns} to finish");
        }

        Assert.Equal(started + offset, planned[0]);
        Assert.Equal([started + offset, started + offset + TimeSpan.FromSeconds(10), started + offset + TimeSpan.FromSeconds(20), started + offset + TimeSpan.FromSeconds(30)],
            _starts.Select(s => s.At));
    }

    [Fact]
    public void RunAsync_RunLongerThanInterval_NeverOverlapsAndKeepsCadence()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _work = (_, ct) => release.Task.WaitAsync(ct);
        var pair = Pair("slow");
        var scheduler = Start(4, pair);

        var last = AdvanceToNext(scheduler, pair.Id, _time.GetUtcNow());
        Wait.For(() => _starts.Count == 1, "the first run");
        last = AdvanceToNext(scheduler, pair.Id, last);
        Wait.For(() => scheduler.SkippedOverlaps == 1, "the first skipped tick");
        last = AdvanceToNext(scheduler, pair.Id, last);
        Wait.For(() => scheduler.SkippedOverlaps == 2, "the second skipped tick");
        Assert.Single(_starts);

        release.SetResult();
        Wait.For(() => scheduler.InFlight == 0, "the slow run to finish");
        var resumed = AdvanceToNext(scheduler, pair.Id, last);
        Wait.For(() => _starts.Count == 2, "the run after the slow one");
        Assert.Equal(resumed, _starts.Last().At);
        Assert.Equal(TimeSpan.FromSeconds(30), resumed - _starts.First().At);
    }

    [Fact]
    public void RunAsync_MoreDueThanConcurrency_RunsAtMostTheLimitAtOnce()
    {
        var running = 0;
        var most = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _work = async (_, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await release.Task.WaitAsync(ct);
            Interlocked.Decrement(ref running);
        };
        var pairs = Enumerable.Range(0, 6).Select(i => Pair($"p{i}")).ToArray();
        Start(2, pairs);

        _time.Advance(TimeSpan.FromSeconds(10));
        Wait.For(() => Volatile.Read(ref running) == 2, "two runs to start");
        Assert.Equal(2, _starts.Count);

        release.SetResult();
        Wait.For(() => _starts.Count == 6, "all six runs");
        Assert.Equal(2, most);
    }

    [Fact]
    public void Update_PairRemoved_StopsRunningIt_AndKeptPairKeepsItsPlan()
    {
        var kept = Pair("kept");
        var removed = Pair("removed");
        var scheduler = Start(4, kept, removed);
        var plan = scheduler.NextRuns()[kept.Id];

        scheduler.Update([kept]);

        Assert.Equal([kept.Id], scheduler.NextRuns().Keys);
        Assert.Equal(plan, scheduler.NextRuns()[kept.Id]);
        _time.Advance(TimeSpan.FromSeconds(10));
        Wait.For(() => !_starts.IsEmpty, "the kept pair to run");
        Assert.DoesNotContain(_starts, s => s.Pair == removed.Id);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Fact]
    public void Lag_RunHeldBackByTheConcurrencyLimit_IsRecordedAsLate()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _work = (pair, ct) => pair.Probe.Key == "hog" ? release.Task.WaitAsync(ct) : Task.CompletedTask;
        // A minute apart, so that no second tick of either pair comes during the test.
        var hog = Pair("hog", "60s");
        var waiting = Pair("waiting", "60s");
        var scheduler = Start(1, hog, waiting);
        var hogAt = scheduler.NextRuns()[hog.Id];
        var waitingAt = scheduler.NextRuns()[waiting.Id];
        Assert.NotEqual(hogAt, waitingAt);

        // The hog takes the only slot first; the other pair comes due behind it and waits 3 s for the slot.
        var (first, second) = hogAt < waitingAt ? (hog, waiting) : (waiting, hog);
        AdvanceToNext(scheduler, first.Id, _time.GetUtcNow());
        Wait.For(() => _starts.Count == 1, "the first run");
        if (first == waiting)
        {
            AdvanceToNext(scheduler, hog.Id, _time.GetUtcNow());
            Wait.For(() => _starts.Count == 2, "the hog's run");
            AdvanceToNext(scheduler, waiting.Id, _time.GetUtcNow());
        }
        else
        {
            AdvanceToNext(scheduler, second.Id, _time.GetUtcNow());
        }

        Wait.For(() => scheduler.NextRuns()[waiting.Id] > _time.GetUtcNow(), "the waiting pair to be dispatched");
        var onTime = scheduler.Lag.Snapshot().Count;
        _time.Advance(TimeSpan.FromSeconds(3));
        release.SetResult();
        Wait.For(() => scheduler.Lag.Snapshot().Count == onTime + 1, "the held-back run to start");

        var lag = scheduler.Lag.Snapshot();
        Assert.Equal(TimeSpan.FromSeconds(3), lag.Max);
        Assert.Equal(1, lag.BucketCounts[Array.IndexOf(ScheduleLag.Buckets, 5.0)]);
        Assert.Equal(onTime, lag.BucketCounts[0]);
        Assert.Equal(2, scheduler.Pairs);
    }

    [Fact]
    public void Update_RemovedAndReaddedPairs_RunOnlyOnTheirNewSchedule()
    {
        var gone = Pair("gone");
        var kept = Pair("kept");
        var scheduler = Start(4, gone, kept);
        scheduler.Update([kept]);
        Assert.Equal(1, scheduler.Pairs);

        var last = AdvanceToNext(scheduler, kept.Id, _time.GetUtcNow());
        for (var run = 1; run <= 2; run++)
        {
            Wait.For(() => _starts.Count == run && scheduler.InFlight == 0, $"run {run} of the kept pair to finish");
            last = AdvanceToNext(scheduler, kept.Id, last);
        }

        Wait.For(() => _starts.Count == 3, "two more runs of the kept pair");
        Assert.All(_starts, start => Assert.Equal(kept.Id, start.Pair));
        Assert.Equal(TimeSpan.FromSeconds(20), _starts.Last().At - _starts.First().At);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(0)]
    public void RunAsync_PairsDueWithinTheWakeResolution_StartTogetherAtMostThatLate(int resolutionMs)
    {
        // Two pairs planned 1–3 ms apart (offsets come from their ids): with a resolution, the wake that starts the first
        // starts the second at most that late; without one, each starts at its own time.
        var interval = TimeSpan.FromSeconds(10);
        var ordered = Enumerable.Range(0, 100_000).Select(i => Pair($"p{i}")).OrderBy(pair => ProbeScheduler.Offset(pair.Id, interval)).ToList();
        var (first, second) = ordered.Zip(ordered.Skip(1))
            .First(p => ProbeScheduler.Offset(p.Second.Id, interval) - ProbeScheduler.Offset(p.First.Id, interval) is { TotalMilliseconds: > 1 and < 3 });
        var started = _time.GetUtcNow();
        var resolution = TimeSpan.FromMilliseconds(resolutionMs);
        var scheduler = Start(new SchedulerOptions { MaxConcurrency = 4, WakeResolution = resolution }, first, second);

        AdvanceToNext(scheduler, first.Id, started);
        Wait.For(() => _starts.Count == 1, "the first pair's run");
        _time.Advance(started + ProbeScheduler.Offset(second.Id, interval) - _time.GetUtcNow());
        if (resolutionMs > 0)
        {
            Assert.Single(_starts);
            _time.Advance(started + ProbeScheduler.Offset(first.Id, interval) + resolution - _time.GetUtcNow());
        }

        Wait.For(() => _starts.Count == 2, "the second pair's run");
        var secondStart = _starts.Last().At;
        Assert.Equal(started + ProbeScheduler.Offset(resolutionMs > 0 ? first.Id : second.Id, interval) + resolution, secondStart);
        Assert.Equal([first.Id, second.Id], _starts.Select(s => s.Pair));
        Assert.True(scheduler.Lag.Snapshot().Max <= resolution, "no run started later than the resolution");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        if (_scheduler is not null)
        {
            await _scheduler.DisposeAsync();
        }

        _stop.Dispose();
    }
}
