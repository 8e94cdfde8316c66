using System.Buffers;

namespace StatusBoard.Probes.Running;

/// <summary>
/// An answer's status and headers, and its body as a read-only stream that ends where the framing says. Disposing it
/// returns its buffer; the connection is the caller's.
/// </summary>
internal sealed class WireResponse : Stream
{
    private const int MaxChunkLine = 4 * 1024;

    private readonly Stream _connection;
    private readonly HttpWire.BodyKind _kind;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private long _left;
    private bool _chunkEndsWithNewLine;
    private bool _done;

    public WireResponse(Stream connection, byte[] buffer, int start, int end, int status, Dictionary<string, string> headers, HttpWire.BodyFraming framing)
    {
        _connection = connection;
        (_buffer, _start, _end) = (buffer, start, end);
        Status = status;
        Headers = headers;
        _kind = framing.Kind;
        _left = framing.Length;
        _done = _kind == HttpWire.BodyKind.None || (_kind == HttpWire.BodyKind.Length && _left == 0);
    }

    public int Status { get; }

    public Dictionary<string, string> Headers { get; }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_done || destination.IsEmpty)
        {
            return 0;
        }

        switch (_kind)
        {
            case HttpWire.BodyKind.Length:
            {
                var read = await ReadRawAsync(destination[..(int)Math.Min(destination.Length, _left)], cancellationToken);
                if (read == 0)
                {
                    throw new HttpIOException(HttpRequestError.ResponseEnded, $"The response ended prematurely, {_left} bytes short of its Content-Length.");
                }

                _left -= read;
                _done = _left == 0;
                return read;
            }

            case HttpWire.BodyKind.UntilClose:
            {
                var read = await ReadRawAsync(destination, cancellationToken);
                _done = read == 0;
                return read;
            }

            default:
                return await ReadChunkedAsync(destination, cancellationToken);
        }
    }

    private async ValueTask<int> ReadChunkedAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (_left == 0)
        {
            if (_chunkEndsWithNewLine && (await ReadLineAsync(cancellationToken)).Length != 0)
            {
                throw Chunking("a chunk is longer than its size says");
            }

            _chunkEndsWithNewLine = false;
            var line = await ReadLineAsync(cancellationToken);
            var extension = line.IndexOf(';');
            var size = (extension < 0 ? line : line[..extension]).Trim();
            if (!long.TryParse(size, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _left) || _left < 0 || size.Length == 0)
            {
                throw Chunking($"a chunk size is not hexadecimal: {line[..Math.Min(line.Length, 40)]}");
            }

            if (_left == 0)
            {
                // The last chunk: trailers, if any, up to the blank line.
                while ((await ReadLineAsync(cancellationToken)).Length != 0)
                {
                }

                _done = true;
                return 0;
            }

            _chunkEndsWithNewLine = true;
        }

        var read = await ReadRawAsync(destination[..(int)Math.Min(destination.Length, _left)], cancellationToken);
        if (read == 0)
        {
            throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely, in a chunk.");
        }

        _left -= read;
        return read;
    }

    /// <summary>One CRLF-ended line of the chunked framing, without its end.</summary>
    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer!, _start, end);
                _start += end + 2;
                return line;
            }

            if (_end - _start >= MaxChunkLine)
            {
                throw Chunking("a chunk size line is too long");
            }

            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                (_end, _start) = (_end - _start, 0);
            }

            var read = await _connection.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely, in its chunked framing.");
            }

            _end += read;
        }
    }

    /// <summary>Bytes already buffered first, then straight from the connection.</summary>
    private async ValueTask<int> ReadRawAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_end > _start)
        {
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, count).CopyTo(destination.Span);
            _start += count;
            return count;
        }

        return await _connection.ReadAsync(destination, cancellationToken);
    }

    private static HttpIOException Chunking(string why) => new(HttpRequestError.InvalidResponse, HttpWire.InvalidAnswer(why));

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
