using System.Net.Sockets;

namespace StatusBoard.Tests.Support;

/// <summary>A DNS server on loopback UDP that knows a few names: A, TXT and MX answers, NXDOMAIN for the rest, or silence.</summary>
public sealed class LoopbackDns : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<(string Name, ushort Type), byte[][]> _records = new();

    public LoopbackDns()
    {
        _ = ServeAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>Names asked for are answered with nothing at all, as a dead resolver.</summary>
    public bool Silent { get; set; }

    public LoopbackDns A(string name, string address)
    {
        Add(name, 1, IPAddress.Parse(address).GetAddressBytes());
        return this;
    }

    public LoopbackDns Txt(string name, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Add(name, 16, [(byte)bytes.Length, .. bytes]);
        return this;
    }

    public LoopbackDns Mx(string name, ushort preference, string exchange)
    {
        Add(name, 15, [(byte)(preference >> 8), (byte)preference, .. EncodeName(exchange)]);
        return this;
    }

    private void Add(string name, ushort type, byte[] data)
    {
        var key = (name.TrimEnd('.').ToLowerInvariant(), type);
        _records[key] = [.. _records.GetValueOrDefault(key) ?? [], data];
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (!Silent)
            {
                var answer = Answer(request.Buffer);
                await _udp.SendAsync(answer, request.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private byte[] Answer(byte[] query)
    {
        var (name, end) = ReadName(query, 12);
        var type = (ushort)((query[end] << 8) | query[end + 1]);
        var question = query[12..(end + 4)];
        var found = _records.GetValueOrDefault((name, type));
        var known = _records.Keys.Any(k => k.Name == name);
        var response = new List<byte>
        {
            query[0], query[1],
            0x81, (byte)(known ? 0x80 : 0x83), // a response, recursion available; NXDOMAIN when the name is unknown
            0, 1, 0, (byte)(found?.Length ?? 0), 0, 0, 0, 0,
        };
        response.AddRange(question);
        foreach (var data in found ?? [])
        {
            response.AddRange([0xC0, 0x0C, (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0, 60, (byte)(data.Length >> 8), (byte)data.Length]);
            response.AddRange(data);
        }

        return [.. response];
    }

    private static (string Name, int End) ReadName(byte[] buffer, int offset)
    {
        var labels = new List<string>();
        while (buffer[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(buffer, offset + 1, buffer[offset]));
            offset += buffer[offset] + 1;
        }

        return (string.Join('.', labels).ToLowerInvariant(), offset + 1);
    }

    private static byte[] EncodeName(string name) =>
        [.. name.TrimEnd('.').Split('.').SelectMany(label => new[] { (byte)label.Length }.Concat(Encoding.ASCII.GetBytes(label))), 0];

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        _stop.Dispose();
    }
}
