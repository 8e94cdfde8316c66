using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Storage;

/// <summary>
/// The one writer of results: runs enqueue, and a single loop writes whatever has gathered in one transaction.
/// Under load batches grow by themselves; at shutdown everything enqueued is written before the loop ends.
/// </summary>
public sealed class ResultWriter(IResultStore store, IOptions<StorageOptions> options, ILogger<ResultWriter> logger)
{
    private readonly Channel<ProbeResult> _queue = Channel.CreateBounded<ProbeResult>(
        new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private long _written;

    public long Written => Interlocked.Read(ref _written);

    /// <summary>Results waiting to be written.</summary>
    public int Queued => _queue.Reader.Count;

    public ValueTask EnqueueAsync(ProbeResult result, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(result, cancellationToken);

    /// <summary>Stops taking results; <see cref="RunAsync"/> returns once the rest is written.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunAsync()
    {
        var max = Math.Max(1, options.Value.MaxBatch);
        var batch = new List<ProbeResult>(max);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
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
