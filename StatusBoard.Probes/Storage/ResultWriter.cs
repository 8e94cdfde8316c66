using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Storage;

/// <summary>
/// The one writer of results: runs enqueue, and a single loop writes whatever has gathered in one transaction.
/// Once a result arrives the loop waits <see cref="StorageOptions.BatchWindow"/> for others to join it, so a thousand
/// results a second become a few transactions a second, not a thousand; at shutdown everything enqueued is written
/// at once before the loop ends.
/// </summary>
public sealed class ResultWriter(IResultStore store, IOptions<StorageOptions> options, ILogger<ResultWriter> logger)
{
    private readonly Channel<ProbeResult> _queue = Channel.CreateBounded<ProbeResult>(
        new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly TaskCompletionSource _completing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _written;

    public long Written => Interlocked.Read(ref _written);

    /// <summary>Results waiting to be written.</summary>
    public int Queued => _queue.Reader.Count;

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
        var max = Math.Max(1, options.Value.MaxBatch);
        var window = options.Value.BatchWindow;
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

            await WriteWithRetryAsync(batch);
            batch.Clear();
        }
    }

    private async Task WriteWithRetryAsync(List<ProbeResult> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Not cancelled by shutdown: a batch taken from the queue is written, or it would be lost.
                Interlocked.Add(ref _written, await store.WriteAsync(batch, CancellationToken.None));
                return;
            }
            catch (Exception exception) when (attempt < 5 && exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Writing {Count} results failed (attempt {Attempt}); retrying", batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Writing {Count} results failed five times; they are dropped", batch.Count);
                return;
            }
        }
    }
}
