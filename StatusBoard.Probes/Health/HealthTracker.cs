using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Health;

/// <summary>
/// Folds each result into the confirmed state of its probe × region: a failure counts after
/// <see cref="HealthOptions.ConfirmationCount"/> in a row, a recovery after <see cref="HealthOptions.RecoveryCount"/>,
/// so one lost packet does not flap the page. Keeps the results of the window for success rate and latency.
/// </summary>
public sealed class HealthTracker(IOptions<HealthOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Probe, string Region), PairState> _pairs = [];
    private long _version;

    /// <summary>
    /// Grows whenever a pair's confirmed state could read differently: its first result, a confirmed outcome that
    /// changed, a StatusBoard error that began or ended, a probe forgotten. Between two equal readings only time (a
    /// region going blind) can have changed what the pairs say, so a watcher may skip the work of asking.
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    public void Record(ProbeResult result)
    {
        var settings = options.Value;
        lock (_gate)
        {
            var first = !_pairs.TryGetValue((result.Probe, result.Region), out var state);
            if (first)
            {
                _pairs[(result.Probe, result.Region)] = state = new PairState();
            }

            var (outcome, failing) = (state!.State, state.Error is not null);
            state.Apply(result, settings);
            if (first || outcome != state.State || failing != state.Error is not null)
            {
                Interlocked.Increment(ref _version);
            }
        }
    }

    /// <param name="now">Results older than the window before it are dropped.</param>
    /// <param name="withRecent">False leaves each pair's recent results out (they are what costs, with many pairs).</param>
    public IReadOnlyList<PairHealth> Snapshot(DateTimeOffset now, bool withRecent = true)
    {
        var since = now - options.Value.Window;
        lock (_gate)
        {
            var pairs = new List<PairHealth>(_pairs.Count);
            foreach (var ((probe, region), state) in _pairs)
            {
                pairs.Add(withRecent ? state.View(probe, region, since) : state.Statuses(probe, region));
            }

            return pairs;
        }
    }

    /// <summary>Forgets a probe that was deleted.</summary>
    public void Forget(string probe)
    {
        lock (_gate)
        {
            foreach (var key in _pairs.Keys.Where(key => key.Probe == probe).ToList())
            {
                _pairs.Remove(key);
            }

            Interlocked.Increment(ref _version);
        }
    }

    private sealed class PairState
    {
        private int _failuresInRow;
        private int _successesInRow;

        public Outcome State { get; private set; } = Outcome.Up;

        public DateTimeOffset LastResultAt { get; private set; }

        public FailureCategory? LastCategory { get; private set; }

        public Outcome LastOutcome { get; private set; } = Outcome.Up;

        /// <summary>How many results in a row ended as the last one did (up, or not up).</summary>
        public int InRow => LastOutcome == Outcome.Up ? _successesInRow : _failuresInRow;

        public Queue<RecentResult> Recent { get; } = new();

        /// <summary>When the current run of failed results began.</summary>
        public DateTimeOffset? StreakStartedAt { get; private set; }

        /// <summary>The newest result, when it was StatusBoard's own error: no evidence, so it changes nothing else.</summary>
        public ProbeError? Error { get; private set; }

        /// <summary>
        /// The pair without its recent results as of its last result, made once and handed to every reader until the next
        /// result: watchers ask several times a second for thousands of pairs that have not changed.
        /// </summary>
        private PairHealth? _statuses;

        public PairHealth Statuses(string probe, string region) => _statuses ??= View(probe, region, recent: []);

        /// <summary>The pair with the results since <paramref name="since"/>; older ones are dropped.</summary>
        public PairHealth View(string probe, string region, DateTimeOffset since)
        {
            while (Recent.Count > 0 && Recent.Peek().At < since)
            {
                Recent.Dequeue();
            }

            return View(probe, region, Recent.ToList());
        }

        private PairHealth View(string probe, string region, IReadOnlyList<RecentResult> recent) =>
            new(probe, region, State, LastResultAt, LastCategory, recent)
            {
                FailingSince = State == Outcome.Up ? null : StreakStartedAt,
                LastOutcome = LastOutcome,
                InRow = InRow,
                Error = Error,
            };

        public void Apply(ProbeResult result, HealthOptions settings)
        {
            _statuses = null;
            if (result.Outcome == Outcome.Error)
            {
                // StatusBoard could not run the probe: the pair's state, window and freshness are left as they were, so
                // a probe that only errs goes blind (nobody sees from there) and never down.
                if (Error is null || result.StartedAt >= Error.At)
                {
                    Error = new ProbeError(result.StartedAt, result.Message, Error?.Since ?? result.StartedAt);
                }

                return;
            }

            if (result.StartedAt >= (Error?.At ?? DateTimeOffset.MinValue))
            {
                Error = null;
            }

            if (result.StartedAt < LastResultAt)
            {
                // A late result (a retried delivery) counts in the window but cannot rewind the state.
                Recent.Enqueue(new RecentResult(result.StartedAt, result.Outcome, result.DurationMs));
                return;
            }

            LastResultAt = result.StartedAt;
            LastCategory = result.Category;
            LastOutcome = result.Outcome;
            Recent.Enqueue(new RecentResult(result.StartedAt, result.Outcome, result.DurationMs));
            if (result.Outcome == Outcome.Up)
            {
                if (State == Outcome.Up)
                {
                    StreakStartedAt = null;
                }

                _failuresInRow = 0;
                if (++_successesInRow >= settings.RecoveryCount)
                {
                    State = Outcome.Up;
                }
            }
            else
            {
                _successesInRow = 0;
                if (_failuresInRow == 0 && State == Outcome.Up)
                {
                    StreakStartedAt = result.StartedAt;
                }

                if (++_failuresInRow >= settings.ConfirmationCount || State != Outcome.Up)
                {
                    State = result.Outcome;
                }
            }
        }
    }
}
