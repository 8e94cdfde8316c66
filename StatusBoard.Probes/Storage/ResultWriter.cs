using System.Threading.Channels;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Storage;

/// <summary>
/// The one writer of results: runs enqueue, and a single loop writes whatever has gathered in one transaction.
/// Once a result arrives the loop waits <see cref="StorageOptions.BatchWindow"/> for others to join it, so a thousand
/// results a second become a few transactions a second, not a thousand; at shutdown everything enqueued is written
/// at once before the loop ends. When the database cannot take a batch (locked, slow, disk full) the batch is kept and
/// tried again, ever less often, until it goes in; meanwhile runs go on and their results wait in memory, up to
/// <see cref="StorageOptions.BufferedResults"/>. <see cref="Status"/> says so for the dashboards and alerts.
/// </summary>
public sealed class ResultWriter
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    private readonly IResultStore _store;
    private readonly IOptions<StorageOptions> _options;
    private readonly ILogger<ResultWriter> _logger;
    private readonly TimeProvider _time;
    private readonly Channel<ProbeResult> _queue;
    private readonly TaskCompletionSource _completing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _written;
    private long _dropped;
    private int _inBatch;
    private StorageFault? _fault;

    public ResultWriter(IResultStore store, IOptions<StorageOptions> options, ILogger<ResultWriter> logger, TimeProvider? time = null)
    {
        _store = store;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<ProbeResult>(
            new BoundedChannelOptions(Math.Max(1, options.Value.BufferedResults)) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref _dropped));
    }

    public long Written => Interlocked.Read(ref _written);

    /// <summary>Results waiting to be written, those of a batch being tried included.</summary>
    public int Queued => _queue.Reader.Count + Volatile.Read(ref _inBatch);

    /// <summary>Results dropped, oldest first, because the database could not take them for too long.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Whether writing fails now, since when and why; null while results go in.</summary>
    public StorageFault? Status => Volatile.Read(ref _fault);

    /// <summary>Raised when writing starts failing and when it recovers (then <see cref="Status"/> is null again).</summary>
    private readonly Subscribers<StorageFault?> _statusChanges = new();

    /// <summary>Tells <paramref name="listener"/> when storing results fails (the fault) or works again (null), until disposed.</summary>
    public IDisposable SubscribeStatus(Action<StorageFault?> listener) => _statusChanges.Subscribe(listener);

    public ValueTask EnqueueAsync(ProbeResult result, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(result, cancellationToken);

    /// <summary>Stops taking results; <see cref="RunAsync"/> returns once the rest is written.</summary>
    public void Complete()
    {
        _queue.Writer.TryComplete();
        _completing.TrySetResult();
    }

    public async Task RunAsync()
    {
        var max = Math.Max(1, _options.Value.MaxBatch);
        var window = _options.Value.BatchWindow;
        var batch = new List<ProbeResult>(max);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            if (window > TimeSpan.Zero && _queue.Reader.Count < max && !_completing.Task.IsCompleted)
            {
                // Not cancelled by the clock of the tests: batching is about this machine's disk, not about probe time.
                await Task.WhenAny(Task.Delay(window, CancellationToken.None), _completing.Task);
            }

            while (batch.Count < max && _queue.Reader.TryRead(out var result))
            {
                batch.Add(result);
            }

            Volatile.Write(ref _inBatch, batch.Count);
            await WriteUntilStoredAsync(batch);
            Volatile.Write(ref _inBatch, 0);
            batch.Clear();
        }
    }

    private async Task WriteUntilStoredAsync(List<ProbeResult> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Not cancelled by shutdown: a batch taken from the queue is written, or it would be lost.
                Interlocked.Add(ref _written, await _store.WriteAsync(batch, CancellationToken.None));
                if (Interlocked.Exchange(ref _fault, null) is { } ended)
                {
                    _logger.LogWarning("Writing results works again after failing since {Since:O}; {Queued} results waiting are being written", ended.Since, Queued);
                    _statusChanges.Publish(null);
                }

                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var fault = new StorageFault(Status?.Since ?? _time.GetUtcNow(), exception.Message, attempt);
                var first = Interlocked.Exchange(ref _fault, fault) is null;
                if (first)
                {
                    _logger.LogError(exception, "Writing {Count} results failed; probing goes on, results wait in memory (up to {Limit}) and are written when the database takes them again", batch.Count, _options.Value.BufferedResults);
                    _statusChanges.Publish(fault);
                }
                else
                {
                    _logger.LogWarning("Writing results still fails (attempt {Attempt}, {Queued} waiting): {Error}", attempt, Queued, exception.Message);
                }

                if (_completing.Task.IsCompleted && attempt >= 5)
                {
                    // Stopping, and the database will not take them: say what is lost rather than hang the shutdown.
                    _logger.LogError("Stopping with {Count} results that the database would not take", Queued);
                    Interlocked.Add(ref _dropped, batch.Count);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(LongestPause.TotalMilliseconds, 200 * attempt)), CancellationToken.None);
            }
        }
    }
}

/// <summary>Writing results has failed since <paramref name="Since"/>: the last error, and how many tries so far.</summary>
public sealed record StorageFault(DateTimeOffset Since, string Error, int Attempts);
