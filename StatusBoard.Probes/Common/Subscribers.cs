using System.Collections.Immutable;

namespace StatusBoard.Probes.Common;

/// <summary>
/// The one way StatusBoard tells of something that happened — a result, a status change, the open incidents — to
/// whoever listens: <see cref="Subscribe"/> gives back what stops it, <see cref="Publish"/> calls each listener on the
/// publisher's thread (listeners return quickly). Adding and removing never blocks a publisher.
/// </summary>
public sealed class Subscribers<T>
{
    private ImmutableArray<Action<T>> _listeners = [];

    public int Count => _listeners.Length;

    public IDisposable Subscribe(Action<T> listener)
    {
        ImmutableInterlocked.Update(ref _listeners, list => list.Add(listener));
        return new Subscription(this, listener);
    }

    public void Publish(T value)
    {
        foreach (var listener in _listeners)
        {
            listener(value);
        }
    }

    private sealed class Subscription(Subscribers<T> owner, Action<T> listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                ImmutableInterlocked.Update(ref owner._listeners, list => list.Remove(listener));
            }
        }
    }
}
