using System.Buffers;
using System.IO.Compression;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;

namespace StatusBoard.Probes.Running;

/// <summary>A request that must not be sent as filled (a CR or LF in a header): the probe's error, not the platform's.</summary>
public sealed class UnsafeRequestException(string message) : Exception(message);

/// <summary>
/// Sends one probe request on a fresh connection, as a user's app would, under a whole-request deadline, and reads
/// at most <see cref="ProbeHttpOptions.MaxBodyBytes"/> of the body. Expected failures come back as data.
/// </summary>
public sealed class HttpExchanger
{
    private readonly TimeProvider _time;
    private readonly ProbeHttpOptions _options;
    private readonly Destinations _destinations;

    private readonly TrustedRoots _trust;

    public HttpExchanger(TimeProvider time, IOptions<ProbeHttpOptions> options, Destinations destinations)
    {
        _time = time;
        _destinations = destinations;
        _options = options.Value;
        _trust = new TrustedRoots(_options);
    }

    public async Task<Exchange> SendAsync(HttpRequestTemplate template, TemplateValues values, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = _time.GetTimestamp();
        var clock = new PhaseClock(_time, started);
        try
        {
            var (uri, request) = Build(template, values);
            await using var connection = await ConnectAsync(uri, clock, linked.Token);
            await connection.WriteAsync(request, linked.Token);
            await using var response = await HttpWire.ReadResponseAsync(connection, template.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase), clock.MarkFirstByte, linked.Token);
            var (body, bytesRead, truncated) = await ReadCappedAsync(response, template.Decompress, linked.Token);
            var elapsed = _time.GetElapsedTime(started);
            return new Exchange
            {
                Response = new ResponseSnapshot
                {
                    Status = response.Status,
                    ResponseTime = elapsed,
                    Body = body,
                    Headers = response.Headers,
                    Connected = true,
                    // A certificate read here passed validation: it names the host and chains to a trusted root.
                    CertificateExpiration = clock.CertificateNotAfter - _time.GetUtcNow(),
                    CertificateHostnameMatch = clock.CertificateNotAfter is null ? null : true,
                    CertificateChainValid = clock.CertificateNotAfter is null ? null : true,
                },
                Phases = clock.Phases,
                Elapsed = elapsed,
                BytesRead = bytesRead,
                Truncated = truncated,
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure(TransportFailure.Timeout, $"no complete response within {Durations.Format(timeout)}", clock, started);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or SocketException or AuthenticationException or BlockedDestinationException)
        {
            var (kind, detail) = TransportErrors.Describe(exception);
            return Failure(kind, detail, clock, started);
        }
    }

    private Exchange Failure(TransportFailure kind, string detail, PhaseClock clock, long started) => new()
    {
        Transport = kind,
        TransportDetail = detail,
        Phases = clock.Phases,
        Elapsed = _time.GetElapsedTime(started),
        Response = new ResponseSnapshot { Connected = clock.Connected, ResponseTime = _time.GetElapsedTime(started) },
    };

    /// <summary>
    /// The connection of this one request: judged on the addresses the name resolves to now, whatever it resolved to
    /// when the probe was saved, and for https the TLS session, its certificate checked against the trusted roots.
    /// </summary>
    private async Task<Stream> ConnectAsync(Uri uri, PhaseClock clock, CancellationToken cancellationToken)
    {
        var socket = await _destinations.ConnectSocketAsync(uri.IdnHost, uri.Port, cancellationToken, uri.AbsolutePath, clock.MarkDns);
        clock.MarkConnected();
        var network = new NetworkStream(socket, ownsSocket: true);
        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return network;
        }

        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = uri.IdnHost,
                RemoteCertificateValidationCallback = _trust.Validate,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, cancellationToken);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }

        clock.MarkTls();
        if (tls.RemoteCertificate is X509Certificate2 certificate)
        {
            clock.CertificateNotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        }

        return tls;
    }

    /// <summary>The request's URL and its bytes on the wire, headers as the wallet app sends them and the probe sets them.</summary>
    private (Uri Uri, byte[] Bytes) Build(HttpRequestTemplate template, TemplateValues values)
    {
        var uri = new Uri(OneLine(Templates.Expand(template.Url, values, $"{values.Step}/url"), "the URL"), UriKind.Absolute);
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new NotSupportedException($"The '{uri.Scheme}' scheme is not supported.");
        }

        var method = template.Method.ToUpperInvariant();
        if (!HttpWire.IsToken(method))
        {
            throw new UnsafeRequestException($"the method {method} is not an HTTP token; the request was not sent");
        }

        List<(string Name, string Value)> headers = [("Host", HttpWire.HostHeader(uri)), ("User-Agent", _options.UserAgent)];
        if (template.Decompress)
        {
            // As the wallet app asks; a probe's own Accept-Encoding header replaces this one.
            headers.Add(("Accept-Encoding", "gzip, deflate, br"));
        }

        string? contentType = null;
        foreach (var (name, value) in template.Headers)
        {
            var expanded = OneLine(Templates.Expand(value, values, $"{values.Step}/header:{name}"), $"header {name}");
            if (!HttpWire.IsToken(name))
            {
                throw new UnsafeRequestException($"the header name \"{name}\" is not an HTTP token; the request was not sent");
            }

            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = expanded;
            }
            else if (!Framing.Contains(name))
            {
                headers.RemoveAll(header => header.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                headers.Add((name, expanded));
            }
        }

        byte[]? body = null;
        if (template.Body is not null)
        {
            var text = Templates.Expand(template.Body, values, $"{values.Step}/body");
            body = Encoding.UTF8.GetBytes(text);
            headers.Add(("Content-Type", contentType ?? GuessContentType(text)));
        }

        if (body is not null || method is "POST" or "PUT" or "PATCH")
        {
            headers.Add(("Content-Length", (body?.Length ?? 0).ToString(CultureInfo.InvariantCulture)));
        }

        headers.Add(("Connection", "close"));
        return (uri, HttpWire.Serialize(method, uri, headers, body));
    }

    /// <summary>Headers that frame the exchange: StatusBoard sets them, a probe cannot.</summary>
    private static readonly HashSet<string> Framing = new(["Content-Length", "Transfer-Encoding", "Connection"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A URL or header value as filled: one that carries a CR, LF or NUL (a value a step extracted from an answer) would
    /// put a header of the answer's choosing on the wire, so the request is refused and the run is the probe's error.
    /// </summary>
    private static string OneLine(string value, string what) =>
        value.AsSpan().IndexOfAny('\r', '\n', '\0') < 0 ? value
            : throw new UnsafeRequestException(
                $"{what} would carry a CR, LF or NUL character (from a value a step extracted); the request was not sent");

    private static string GuessContentType(string body) =>
        body.TrimStart().StartsWith('{') || body.TrimStart().StartsWith('[') ? "application/json" : "text/plain; charset=utf-8";

    /// <summary>
    /// Reads the body up to the cap, decoded first when it is compressed and decoding is on: the cap counts decoded bytes,
    /// so a compression bomb stops there. Text is UTF-8, its byte order mark dropped. The bytes are read into a buffer
    /// from the shared pool that grows only for a long body: a thousand runs a second otherwise allocate a fresh 16 KB
    /// buffer and a copy each (bench/README.md, engine).
    /// </summary>
    private async Task<(string Body, long BytesRead, bool Truncated)> ReadCappedAsync(WireResponse response, bool decompress, CancellationToken cancellationToken)
    {
        var cap = _options.MaxBodyBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(cap, 16 * 1024));
        var total = 0;
        try
        {
            await using var stream = decompress ? Decoded(response, response.Headers.GetValueOrDefault("Content-Encoding")) : response;
            var truncated = false;
            try
            {
                while (total < cap)
                {
                    if (total == buffer.Length)
                    {
                        buffer = HttpWire.Grow(buffer, total, Math.Min(cap, buffer.Length * 2));
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, cap) - total), cancellationToken);
                    if (read == 0)
                    {
                        return (Text(buffer.AsSpan(0, total)), total, false);
                    }

                    total += read;
                }

                // Disposing the response without reading on closes the connection: the rest is never downloaded.
                truncated = await stream.ReadAsync(new byte[1], cancellationToken) > 0;
            }
            catch (InvalidDataException)
            {
                // Said to be compressed and is not, or is corrupt: what was decoded is the body, cut where decoding failed.
                truncated = true;
            }

            return (Text(buffer.AsSpan(0, total)), total, truncated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The body as its <c>Content-Encoding</c> says to decode it: gzip, deflate (zlib), br, or as it came.</summary>
    private static Stream Decoded(Stream raw, string? encodings) =>
        HttpWire.LastCoding(encodings) switch
        {
            "gzip" or "x-gzip" => new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true),
            "deflate" => new ZLibStream(raw, CompressionMode.Decompress, leaveOpen: true),
            "br" => new BrotliStream(raw, CompressionMode.Decompress, leaveOpen: true),
            _ => raw,
        };

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes);
}
