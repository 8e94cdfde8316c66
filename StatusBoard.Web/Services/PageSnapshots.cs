using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace StatusBoard.Web.Services;

/// <summary>
/// The public status page as last rendered, per language: answered from memory. <see cref="PageRefresher"/> renders it
/// again when what it shows changes and every <see cref="RefreshAfter"/> whether or not anyone asks, so the first
/// visitor after a quiet spell sees the present. A request that finds a page older than <see cref="RefreshAfter"/> is
/// answered at once and starts a render; one older than <see cref="PageOptions.MaxAge"/> (the refresher stalled) waits
/// for the render instead. A stampede never queues behind a render, and a render that fails (the database locked or
/// gone) leaves the last good page in place.
/// </summary>
public sealed class PageSnapshots(IServiceScopeFactory scopes, TimeProvider time, ILogger<PageSnapshots> logger, IOptions<PageOptions>? options = null)
{
    /// <summary>How old a page may grow before it is rendered again.</summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The oldest page ever served while the app runs (<c>StatusBoard:Page:MaxAge</c>).</summary>
    public TimeSpan MaxAge => options?.Value.MaxAge ?? PageOptions.DefaultMaxAge;

    /// <summary>The page for <paramref name="key"/>; a request waits for a render only when there is no page young enough.</summary>
    public async Task<byte[]> GetAsync(string key, Func<IServiceProvider, Task<byte[]>> render)
    {
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        var current = entry.Current;
        var age = current is null ? TimeSpan.MaxValue : time.GetUtcNow() - current.At;
        if (age < RefreshAfter)
        {
            return current!.Html;
        }

        var refresh = Start(key, entry, render);
        return age < MaxAge ? current!.Html : (await refresh).Html;
    }

    /// <summary>
    /// Renders the page for <paramref name="key"/> now and returns when it is in place. A render already under way may
    /// have read what was there before the change that asks for this one, so it is not joined: one more render follows
    /// it (shared by every caller that asked meanwhile).
    /// </summary>
    public Task RefreshAsync(string key, Func<IServiceProvider, Task<byte[]>> render)
    {
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            if (entry.Refreshing is not { } underWay)
            {
                return entry.Refreshing = RenderAsync(key, entry, render);
            }

            return entry.Again ??= underWay.ContinueWith(_ =>
            {
                lock (entry)
                {
                    entry.Again = null;
                }

                return Start(key, entry, render);
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>When the page for <paramref name="key"/> was rendered; null before the first render.</summary>
    public DateTimeOffset? RenderedAt(string key) => _entries.TryGetValue(key, out var entry) ? entry.Current?.At : null;

    private Task<Snapshot> Start(string key, Entry entry, Func<IServiceProvider, Task<byte[]>> render)
    {
        lock (entry)
        {
            return entry.Refreshing ??= RenderAsync(key, entry, render);
        }
    }

    private async Task<Snapshot> RenderAsync(string key, Entry entry, Func<IServiceProvider, Task<byte[]>> render)
    {
        // Off the request that noticed the page was old: it is answered at once, and the render outlives it.
        await Task.Yield();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var snapshot = new Snapshot(await render(scope.ServiceProvider), time.GetUtcNow());
            entry.Current = snapshot;
            return snapshot;
        }
        catch (Exception exception) when (entry.Current is { } last)
        {
            logger.LogError(exception, "Rendering the public page ({Key}) failed; the page of {At:u} is served meanwhile", key, last.At);
            return last;
        }
        finally
        {
            lock (entry)
            {
                entry.Refreshing = null;
            }
        }
    }

    private sealed record Snapshot(byte[] Html, DateTimeOffset At);

    private sealed class Entry
    {
        public volatile Snapshot? Current;

        public Task<Snapshot>? Refreshing;

        /// <summary>The render that follows the one under way, when a change asked for one meanwhile.</summary>
        public Task<Snapshot>? Again;
    }
}
