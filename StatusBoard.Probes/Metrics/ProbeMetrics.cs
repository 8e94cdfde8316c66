using System.Diagnostics.Metrics;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Metrics;

/// <summary>
/// The figures StatusBoard exports, kept once: as <see cref="System.Diagnostics.Metrics"/> instruments of the meter
/// <c>StatusBoard</c> (for an OTLP exporter) and as the state <c>/metrics</c> writes in the Prometheus text format.
/// Per probe × region: the last outcome, results by outcome and category, a duration histogram, certificate expiry;
/// per agent × region: when it last reported.
/// </summary>
public sealed class ProbeMetrics : IResultObserver, IDisposable
{
    public const string MeterName = "StatusBoard";

    public const string MeterVersion = "1.0";

    /// <summary>Upper bounds of the duration histogram, in seconds.</summary>
    public static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Probe, string Region), PairState> _pairs = [];
    private readonly Dictionary<(string Probe, string Region, string Component, string Outcome, string Category), long> _results = [];
    private readonly Dictionary<(string Agent, string Region), DateTimeOffset> _agents = [];
    private readonly Meter _meter;

    /// <summary>The probe × region pairs that run now (null until the catalog first says); others have no series.</summary>
    private HashSet<(string Probe, string Region)>? _running;
    private readonly IDisposable _catalogChanges;
    private readonly Counter<long> _resultCounter;
    private readonly Histogram<double> _duration;

    /// <summary>The meter comes from the host's <see cref="IMeterFactory"/>: its instruments are this host's alone (two hosts in one process, as in the tests, do not hear each other's).</summary>
    public ProbeMetrics(HealthService health, IMeterFactory meters, Catalog.ProbeCatalog catalog)
    {
        _meter = meters.Create(MeterName, MeterVersion);
        _catalogChanges = catalog.SubscribeChanges(Forget);
        _resultCounter = _meter.CreateCounter<long>("statusboard.probe.results", "{result}", "Probe results by outcome and failure category");
        _duration = _meter.CreateHistogram("statusboard.probe.duration", "s", "How long probe runs took",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _meter.CreateObservableGauge("statusboard.probe.up", () => Snapshot().Pairs.Select(p =>
            new Measurement<int>(p.Up ? 1 : 0, Tags(p.Probe, p.Region, p.Component))), "1", "Whether the last result of a probe in a region was up");
        _meter.CreateObservableGauge("statusboard.probe.certificate.expiry", () => Snapshot().Pairs.Where(p => p.CertificateExpiresAt is not null).Select(p =>
            new Measurement<double>(p.CertificateExpiresAt!.Value.ToUnixTimeSeconds(), Tags(p.Probe, p.Region, p.Component))), "s", "When the server certificate expires, as a Unix time");
        _meter.CreateObservableGauge("statusboard.component.status", () => health.Current(figures: false).Select(c =>
            new Measurement<int>((int)c.Status, new KeyValuePair<string, object?>("component", c.Key), new KeyValuePair<string, object?>("status", c.Status.ToWire()),
                new KeyValuePair<string, object?>("scope", c.Scope.ToWire()))), "1", "Component status: 0 operational … 3 major outage, 4 maintenance");
        _meter.CreateObservableGauge("statusboard.component.scope", () => health.Current(figures: false).Select(c =>
            new Measurement<int>((int)c.Scope, new KeyValuePair<string, object?>("component", c.Key), new KeyValuePair<string, object?>("scope", c.Scope.ToWire()))),
            "1", "The scope of a component's failure: 0 none, 1 regional, 2 platform-wide");
        _meter.CreateObservableGauge("statusboard.agent.last_seen", () => Snapshot().Agents.Select(a =>
            new Measurement<double>(a.LastSeen.ToUnixTimeSeconds(), new KeyValuePair<string, object?>("agent", a.Agent), new KeyValuePair<string, object?>("region", a.Region))),
            "s", "When an agent last delivered a result, as a Unix time");
    }

    public void OnResult(ProbeResult result)
    {
        var outcome = result.Outcome.ToWire();
        var category = result.Category?.ToWire() ?? "";
        var seconds = result.DurationMs / 1000;
        lock (_gate)
        {
            if (_running is { } running && !running.Contains((result.Probe, result.Region)))
            {
                // A result of a probe deleted or paused while it ran: it would bring back the series just removed.
                return;
            }

            // StatusBoard's own errors are counted (outcome="error") but say nothing of the platform: not up, not down, no latency.
            if (result.Outcome != Outcome.Error)
            {
                if (!_pairs.TryGetValue((result.Probe, result.Region), out var pair))
                {
                    _pairs[(result.Probe, result.Region)] = pair = new PairState(result.Component);
                }

                if (result.StartedAt >= pair.LastAt)
                {
                    pair.LastAt = result.StartedAt;
                    pair.Up = result.Outcome == Outcome.Up;
                    pair.CertificateExpiresAt = result.CertificateExpiresAt ?? pair.CertificateExpiresAt;
                }

                pair.Observe(seconds);
            }

            var key = (result.Probe, result.Region, result.Component, outcome, category);
            _results[key] = _results.GetValueOrDefault(key) + 1;
            var agent = (result.Agent, result.Region);
            if (!_agents.TryGetValue(agent, out var seen) || seen < result.StartedAt)
            {
                _agents[agent] = result.StartedAt;
            }
        }

        var tags = Tags(result.Probe, result.Region, result.Component);
        _duration.Record(seconds, tags);
        _resultCounter.Add(1, [.. tags, new("outcome", outcome), new("category", category)]);
    }

    /// <summary>
    /// A probe deleted or paused, or a region taken from it, leaves the figures at once: a stale
    /// <c>statusboard_probe_up</c> would keep an alert firing (or quiet) about something no longer watched.
    /// </summary>
    private void Forget(Catalog.CatalogSnapshot snapshot)
    {
        var running = snapshot.Active.SelectMany(p => p.Regions.Select(region => (p.Key, region))).ToHashSet();
        lock (_gate)
        {
            _running = running;
            foreach (var pair in _pairs.Keys.Where(pair => !running.Contains(pair)).ToList())
            {
                _pairs.Remove(pair);
            }

            foreach (var key in _results.Keys.Where(key => !running.Contains((key.Probe, key.Region))).ToList())
            {
                _results.Remove(key);
            }
        }
    }

    /// <summary>A consistent copy of every figure, for one scrape.</summary>
    public MetricsSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new MetricsSnapshot(
                _pairs.Select(p => new PairFigures(p.Key.Probe, p.Key.Region, p.Value.Component, p.Value.Up, p.Value.CertificateExpiresAt,
                    [.. p.Value.Counts], p.Value.Sum, p.Value.Count)).OrderBy(p => p.Probe, StringComparer.Ordinal).ThenBy(p => p.Region, StringComparer.Ordinal).ToList(),
                _results.Select(r => new ResultCount(r.Key.Probe, r.Key.Region, r.Key.Component, r.Key.Outcome, r.Key.Category, r.Value))
                    .OrderBy(r => r.Probe, StringComparer.Ordinal).ThenBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.Outcome, StringComparer.Ordinal).ThenBy(r => r.Category, StringComparer.Ordinal).ToList(),
                _agents.Select(a => new AgentSeen(a.Key.Agent, a.Key.Region, a.Value)).OrderBy(a => a.Region, StringComparer.Ordinal).ThenBy(a => a.Agent, StringComparer.Ordinal).ToList());
        }
    }

    public void Dispose()
    {
        _catalogChanges.Dispose();
        _meter.Dispose();
    }

    private static KeyValuePair<string, object?>[] Tags(string probe, string region, string component) =>
        [new("probe", probe), new("region", region), new("component", component)];

    private sealed class PairState(string component)
    {
        public string Component { get; } = component;

        public DateTimeOffset LastAt { get; set; }

        public bool Up { get; set; }

        public DateTimeOffset? CertificateExpiresAt { get; set; }

        /// <summary>Per bucket, not cumulative; the last one is +Inf.</summary>
        public long[] Counts { get; } = new long[Buckets.Length + 1];

        public double Sum { get; private set; }

        public long Count { get; private set; }

        public void Observe(double seconds)
        {
            Counts[HistogramBuckets.IndexOf(Buckets, seconds)]++;
            Sum += seconds;
            Count++;
        }
    }
}

public sealed record MetricsSnapshot(IReadOnlyList<PairFigures> Pairs, IReadOnlyList<ResultCount> Results, IReadOnlyList<AgentSeen> Agents);

/// <summary>A probe × region. <see cref="BucketCounts"/> are per bucket of <see cref="ProbeMetrics.Buckets"/> plus +Inf, not cumulative.</summary>
public sealed record PairFigures(string Probe, string Region, string Component, bool Up, DateTimeOffset? CertificateExpiresAt, IReadOnlyList<long> BucketCounts, double Sum, long Count);

public sealed record ResultCount(string Probe, string Region, string Component, string Outcome, string Category, long Count);

public sealed record AgentSeen(string Agent, string Region, DateTimeOffset LastSeen);
