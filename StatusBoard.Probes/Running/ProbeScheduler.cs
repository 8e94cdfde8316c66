namespace StatusBoard.Probes.Running;

/// <summary>
/// Runs every probe × region on its interval, on <see cref="TimeProvider"/>. Each pair starts at a stable offset
/// within its interval (a hash of its id), so a thousand probes do not fire in the same millisecond; runs are
/// bounded by <see cref="SchedulerOptions.MaxConcurrency"/>; a pair never runs twice at once: a tick that comes
/// while the previous run is still going is skipped, and the cadence is kept. Due pairs come off a priority queue,
/// so a wake costs the pairs due, not the pairs scheduled; how late each run starts is kept in <see cref="Lag"/>.
/// </summary>
public sealed class ProbeScheduler : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly Func<ScheduledPair, CancellationToken, Task> _run;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _concurrency;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Slot, DateTimeOffset> _due = new();
    private readonly HashSet<Task> _inFlight = [];
    private readonly TimeSpan _resolution;
    private ITimer? _timer;
    private CancellationToken _stopping;
    private long _started;
    private long _skipped;

    public ProbeScheduler(TimeProvider time, IOptions<SchedulerOptions> options, Func<ScheduledPair, CancellationToken, Task> run, ILogger<ProbeScheduler> logger)
    {
        _time = time;
        _run = run;
        _logger = logger;
        _concurrency = new SemaphoreSlim(Math.Max(1, options.Value.MaxConcurrency));
        _resolution = options.Value.WakeResolution;
    }

    /// <summary>Runs started so far.</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Runs started and not yet finished.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _slots.Values.Count(slot => slot.Running);
            }
        }
    }

    /// <summary>How late runs started against their plan.</summary>
    public ScheduleLag Lag { get; } = new();

    /// <summary>Pairs scheduled.</summary>
    public int Pairs
    {
        get
        {
            lock (_gate)
            {
                return _slots.Count;
            }
        }
    }

    /// <summary>Ticks skipped because the previous run of the same pair was still going.</summary>
    public long SkippedOverlaps => Interlocked.Read(ref _skipped);

    /// <summary>The offset within its interval at which a pair first runs: stable across restarts.</summary>
    public static TimeSpan Offset(string pairId, TimeSpan interval)
    {
        var hash = StableHash.Of(pairId);
        return TimeSpan.FromTicks((long)(hash % (ulong)Math.Max(1, interval.Ticks)));
    }

    /// <summary>Sets the pairs to run. Pairs that stay, with the same interval, keep their cadence.</summary>
    public void Update(IEnumerable<ScheduledPair> pairs)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var wanted = pairs.ToDictionary(pair => pair.Id, StringComparer.Ordinal);
            foreach (var id in _slots.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
            {
                _slots.Remove(id, out var gone);
                gone!.Removed = true;
            }

            foreach (var (id, pair) in wanted)
            {
                if (_slots.TryGetValue(id, out var slot) && slot.Pair.Probe.Interval == pair.Probe.Interval)
                {
                    slot.Pair = pair;
                }
                else
                {
                    if (slot is not null)
                    {
                        slot.Removed = true;
                    }

                    var added = new Slot(pair, now + Offset(id, pair.Probe.Interval));
                    _slots[id] = added;
                    _due.Enqueue(added, added.Next);
                }
            }
        }

        Tick();
    }

    /// <summary>The next planned start of each pair, for the dashboard and tests.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> NextRuns()
    {
        lock (_gate)
        {
            return _slots.ToDictionary(pair => pair.Key, pair => pair.Value.Next, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Starts what is due until cancelled. The timer's own callback starts the due pairs (no hop to a loop of its own),
    /// and it is set no sooner than <see cref="SchedulerOptions.WakeResolution"/> after a wake: with a thousand pairs a
    /// second spread over the interval, one wake starts the handful due by then instead of one wake per pair
    /// (bench/README.md, engine: each wake is a thread woken).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = _time.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            (_timer, _stopping) = (timer, cancellationToken);
        }

        Tick();
        await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            // Tick is a no-op from here on; the timer itself goes with this method.
            _timer = null;
        }
    }

    /// <summary>Starts every pair that is due and sets the timer for the next; a no-op before RunAsync and after it ends.</summary>
    private void Tick()
    {
        List<(Slot Slot, DateTimeOffset Planned)>? due = null;
        CancellationToken cancellationToken;
        lock (_gate)
        {
            if (_timer is not { } timer || _stopping.IsCancellationRequested)
            {
                return;
            }

            cancellationToken = _stopping;
            var now = _time.GetUtcNow();
            DateTimeOffset? next = null;
            while (_due.TryPeek(out var slot, out var at))
            {
                if (slot.Removed)
                {
                    _due.Dequeue();
                    continue;
                }

                if (at > now)
                {
                    next = at;
                    break;
                }

                _due.Dequeue();
                if (Claim(slot, slot.Next))
                {
                    (due ??= []).Add((slot, slot.Next));
                }

                slot.Next = NextAfter(slot.Next, slot.Pair.Probe.Interval, now);
                _due.Enqueue(slot, slot.Next);
            }

            // Not sooner than the resolution: the pairs that come due meanwhile start together at the next wake.
            timer.Change(next is { } wake ? TimeSpan.FromTicks(Math.Max((wake - now).Ticks, _resolution.Ticks)) : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        foreach (var (slot, planned) in due ?? [])
        {
            Start(slot, planned, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_gate)
        {
            running = [.. _inFlight];
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _concurrency.Dispose();
    }

    private static DateTimeOffset NextAfter(DateTimeOffset planned, TimeSpan interval, DateTimeOffset now)
    {
        var next = planned + interval;
        if (next <= now)
        {
            // Fell behind (a long pause or an overloaded machine): keep the phase, drop the missed ticks.
            var missed = (now - planned).Ticks / interval.Ticks;
            next = planned + TimeSpan.FromTicks(interval.Ticks * (missed + 1));
        }

        return next;
    }

    /// <summary>Marks a due pair running, under the lock; false (a skipped tick) while its previous run goes on.</summary>
    private bool Claim(Slot slot, DateTimeOffset planned)
    {
        if (slot.Running)
        {
            Interlocked.Increment(ref _skipped);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                _logger.LogDebug("Skipped {Pair} at {Planned}: the previous run is still going", slot.Pair.Id, planned);
            }

            return false;
        }

        slot.Running = true;
        return true;
    }

    /// <summary>Starts a claimed pair's run on this thread, outside the lock; it goes on its own at its first wait.</summary>
    private void Start(Slot slot, DateTimeOffset planned, CancellationToken cancellationToken)
    {
        var task = RunSlotAsync(slot, planned, cancellationToken);
        lock (_gate)
        {
            if (task.IsCompleted)
            {
                return;
            }

            _inFlight.Add(task);
        }

        _ = task.ContinueWith(
            finished =>
            {
                lock (_gate)
                {
                    _inFlight.Remove(finished);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task RunSlotAsync(Slot slot, DateTimeOffset planned, CancellationToken cancellationToken)
    {
        var entered = false;
        try
        {
            await _concurrency.WaitAsync(cancellationToken);
            entered = true;
            Interlocked.Increment(ref _started);
            Lag.Record(_time.GetUtcNow() - planned);
            await _run(slot.Pair, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the run is abandoned, never recorded as a failure.
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Run of {Pair} failed unexpectedly", slot.Pair.Id);
        }
        finally
        {
            if (entered)
            {
                _concurrency.Release();
            }

            lock (_gate)
            {
                slot.Running = false;
            }
        }
    }

    private sealed class Slot(ScheduledPair pair, DateTimeOffset next)
    {
        public ScheduledPair Pair { get; set; } = pair;

        public DateTimeOffset Next { get; set; } = next;

        public bool Running { get; set; }

        /// <summary>Dropped from the schedule; its queue entry is skipped when it comes up.</summary>
        public bool Removed { get; set; }
    }
}
