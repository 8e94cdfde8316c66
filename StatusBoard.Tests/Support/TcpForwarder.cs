using System.Net.Sockets;

namespace StatusBoard.Tests.Support;

/// <summary>A loopback port that forwards to another, and can be cut off and restored: a server that goes away.</summary>
internal sealed class TcpForwarder : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();

    public TcpForwarder(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Resume();
    }

    public int Port { get; }

    /// <summary>Closes the port and every connection through it: nothing answers there.</summary>
    public void Cut()
    {
        _stop.Cancel();
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            _open.ForEach(client => client.Dispose());
            _open.Clear();
        }
    }

    public void Resume()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptAsync(_listener, _stop.Token);
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new TcpClient();
            lock (_open)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            _ = PipeAsync(client, upstream, cancellationToken);
        }
    }

    private async Task PipeAsync(TcpClient client, TcpClient upstream, CancellationToken cancellationToken)
    {
        try
        {
            await upstream.ConnectAsync(_target, cancellationToken);
            await Task.WhenAny(client.GetStream().CopyToAsync(upstream.GetStream(), cancellationToken), upstream.GetStream().CopyToAsync(client.GetStream(), cancellationToken));
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Cut off, or one side closed.
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }
}
