using System.Collections.Concurrent;

namespace StatusBoard.Web.Services;

/// <summary>
/// The public status page as last rendered, per language: answered from memory, and rendered again in the
/// background once it is older than <see cref="MaxAge"/> while the previous one is still served. So a stampede never
/// waits on a render (an output cache makes every request queue behind the render once its entry expires), the page
/// is never older than <see cref="MaxAge"/> plus one render, and a render that fails (the database locked or gone)
/// leaves the last good page in place.
/// </summary>
public sealed class PageSnapshots(IServiceScopeFactory scopes, TimeProvider time, ILogger<PageSnapshots> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The page for <paramref name="key"/>; only the first request for a key waits for a render.</summary>
    public async Task<byte[]> GetAsync(string key, Func<IServiceProvider, Task<byte[]>> render)
    {
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        var current = entry.Current;
        if (current is not null && time.GetUtcNow() - current.At < MaxAge)
        {
            return current.Html;
        }

        Task<Snapshot> refresh;
        lock (entry)
        {
            refresh = entry.Refreshing ??= RefreshAsync(key, entry, render);
        }

        return current is not null ? current.Html : (await refresh).Html;
    }

    private async Task<Snapshot> RefreshAsync(string key, Entry entry, Func<IServiceProvider, Task<byte[]>> render)
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
    }
}
