using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Running;

namespace StatusBoard.Web.Live;

/// <summary>
/// Every new result, as it is classified: folded into the live statistics, kept in the recent-failure list, and handed
/// to subscribers (dashboards, the SignalR hub). Subscribers are called on the probe's thread and must return quickly.
/// </summary>
public sealed class ResultFeed(LiveStats stats) : IResultObserver
{
    public const int FailureCapacity = 200;

    private readonly Lock _gate = new();
    private readonly LinkedList<ProbeResult> _failures = new();
    private readonly Probes.Common.Subscribers<ProbeResult> _subscribers = new();

    public void OnResult(ProbeResult result)
    {
        stats.Add(result);
        // StatusBoard's own errors show in their cell, once: repeated every run here they would push the platform's
        // failures out of the list.
        if (result.Outcome is not (Outcome.Up or Outcome.Error))
        {
            lock (_gate)
            {
                _failures.AddFirst(result);
                if (_failures.Count > FailureCapacity)
                {
                    _failures.RemoveLast();
                }
            }
        }

        _subscribers.Publish(result);
    }

    /// <summary>The newest failed and degraded results first.</summary>
    public IReadOnlyList<ProbeResult> RecentFailures(int count = 50)
    {
        lock (_gate)
        {
            return _failures.Take(count).ToList();
        }
    }

    /// <summary>Older failures read back from storage at start, so the stream is not empty after a restart.</summary>
    public void Seed(IEnumerable<ProbeResult> failuresNewestFirst)
    {
        lock (_gate)
        {
            foreach (var result in failuresNewestFirst.Take(FailureCapacity - _failures.Count))
            {
                _failures.AddLast(result);
            }
        }
    }

    public IDisposable Subscribe(Action<ProbeResult> onResult) => _subscribers.Subscribe(onResult);
}
