using System.Buffers;
using System.Buffers.Text;

namespace StatusBoard.Probes.Running;

/// <summary>
/// HTTP/1.1 as a probe speaks it: one request on a connection of its own (<c>Connection: close</c>), the answer's head
/// read into one buffer, its body handed on as a stream framed by <c>Content-Length</c>, chunked transfer coding or the
/// close. In place of HttpClient's connection pool, header objects and hops between threads, which cost as much CPU
/// per run as the kernel's share of the exchange (bench/README.md, engine).
/// </summary>
internal static class HttpWire
{
    /// <summary>The most bytes of status line and headers read before the answer is refused as a protocol failure.</summary>
    public const int MaxHeadBytes = 64 * 1024;

    /// <summary>A request's bytes on the wire: the head, then the body (if any).</summary>
    public static byte[] Serialize(string method, Uri uri, IReadOnlyList<(string Name, string Value)> headers, byte[]? body)
    {
        var head = new StringBuilder(256).Append(method).Append(' ').Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        var text = head.Append("\r\n").ToString();
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + (body?.Length ?? 0)];
        var written = Encoding.UTF8.GetBytes(text, bytes);
        body?.CopyTo(bytes, written);
        return bytes;
    }

    /// <summary>Whether a header name is an HTTP token (RFC 9110, section 5.6.2): what may stand before the colon.</summary>
    public static bool IsToken(string name) =>
        name.Length > 0 && name.AsSpan().IndexOfAnyExcept(TokenCharacters) < 0;

    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>The host as the <c>Host</c> header names it: the port only when it is not the scheme's own.</summary>
    public static string HostHeader(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// Reads the answer's head (skipping interim 1xx answers); the body follows from the returned stream. The
    /// <paramref name="firstByte"/> callback runs when the first byte of the answer arrives.
    /// </summary>
    public static async Task<WireResponse> ReadResponseAsync(Stream connection, bool headRequest, Action firstByte, CancellationToken cancellationToken)
    {
        const int limit = MaxHeadBytes + 4;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var (start, end) = (0, 0);
        var first = true;
        try
        {
            while (true)
            {
                if (start > 0)
                {
                    // What followed an interim answer begins the next head.
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    (end, start) = (end - start, 0);
                }

                // Everything up to the blank line that ends the head.
                int headEnd;
                var searched = 0;
                while ((headEnd = buffer.AsSpan(searched, end - searched).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    searched = Math.Max(0, end - 3);
                    if (Math.Min(buffer.Length, limit) == end)
                    {
                        if (end >= limit)
                        {
                            throw new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded,
                                $"The HTTP response headers length exceeded the set limit of {MaxHeadBytes} bytes.");
                        }

                        buffer = Grow(buffer, end, Math.Min(buffer.Length * 2, limit));
                    }

                    var read = await connection.ReadAsync(buffer.AsMemory(end, Math.Min(buffer.Length, limit) - end), cancellationToken);
                    if (read == 0)
                    {
                        throw new HttpRequestException(HttpRequestError.ResponseEnded, end == 0
                            ? "The server closed the connection without sending a response."
                            : "The response ended prematurely, in its headers.");
                    }

                    if (first)
                    {
                        first = false;
                        firstByte();
                    }

                    end += read;
                }

                headEnd += searched;
                var (status, headers) = ParseHead(buffer.AsSpan(0, headEnd));
                start = headEnd + 4;
                if (status is >= 100 and < 200 and not 101)
                {
                    // An interim answer (100 Continue, 103 Early Hints): the final one follows on the same connection.
                    continue;
                }

                var response = new WireResponse(connection, buffer, start, end, status, headers, Framing(status, headRequest, headers));
                buffer = null;
                return response;
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>A larger buffer from the shared pool holding the first <paramref name="used"/> bytes; the old one goes back.</summary>
    public static byte[] Grow(byte[] buffer, int used, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>The coding applied last, of a <c>Transfer-Encoding</c> or <c>Content-Encoding</c> list: what undoes first.</summary>
    public static string? LastCoding(string? codings) => codings?.Split(',').LastOrDefault()?.Trim().ToLowerInvariant();

    private static (int Status, Dictionary<string, string> Headers) ParseHead(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        // HTTP/1.x SSS[ reason]
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != ' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var digits) || digits != 3 || status < 100
            || (statusLine.Length > 12 && statusLine[12] != ' '))
        {
            throw Invalid("its status line is not HTTP/1.x");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                // An obsolete folded line continues the header before it.
                if (last is null)
                {
                    throw Invalid("it begins its headers with a folded line");
                }

                headers[last] = $"{headers[last]} {Encoding.UTF8.GetString(line.Trim(" \t"u8))}";
                continue;
            }

            var colon = line.IndexOf((byte)':');
            var name = colon > 0 ? Encoding.ASCII.GetString(line[..colon]) : "";
            if (!IsToken(name))
            {
                throw Invalid("a header line is not a name, a colon and a value");
            }

            var value = Encoding.UTF8.GetString(line[(colon + 1)..].Trim(" \t"u8));
            headers[name] = headers.TryGetValue(name, out var before) ? $"{before}, {value}" : value;
            last = name;
        }

        return (status, headers);
    }

    private static BodyFraming Framing(int status, bool headRequest, Dictionary<string, string> headers)
    {
        if (headRequest || status is 101 or 204 or 304)
        {
            return new(BodyKind.None, 0);
        }

        if (LastCoding(headers.GetValueOrDefault("Transfer-Encoding")) == "chunked")
        {
            return new(BodyKind.Chunked, 0);
        }

        if (headers.TryGetValue("Content-Length", out var length))
        {
            // Repeated, the values must agree (RFC 9112, section 6.3).
            var lengths = length.Split(',', StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            return lengths.Count == 1 && long.TryParse(lengths[0], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                ? new(BodyKind.Length, bytes)
                : throw Invalid($"its Content-Length is not a length: {length}");
        }

        return new(BodyKind.UntilClose, 0);
    }

    private static HttpRequestException Invalid(string why) => new(HttpRequestError.InvalidResponse, InvalidAnswer(why));

    /// <summary>What a failure says when the answer breaks HTTP/1.1, in its head or its framing.</summary>
    public static string InvalidAnswer(string why) => $"The server returned an invalid HTTP response: {why}.";

    internal enum BodyKind
    {
        None,
        Length,
        Chunked,
        UntilClose,
    }

    internal readonly record struct BodyFraming(BodyKind Kind, long Length);
}
