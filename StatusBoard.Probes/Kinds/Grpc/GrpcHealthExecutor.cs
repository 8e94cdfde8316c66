using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Kinds.Grpc;

/// <summary>
/// Runs a <c>grpc</c> probe: one <c>grpc.health.v1.Health/Check</c> call on a fresh HTTP/2 connection (TLS with the
/// probes' trusted roots, or plaintext with prior knowledge), to an address the destination rules allow, under the
/// probe's deadline. The health it answers, or the gRPC status of a failed call, is <c>[STATUS]</c> and says the category.
/// </summary>
public sealed class GrpcHealthExecutor(ProbeKind kind, TimeProvider time, IOptions<ProbeHttpOptions> options, Destinations destinations) : IProbeExecutor
{
    private const int MaxAnswerBytes = 64 * 1024;
    private const string CheckPath = "/grpc.health.v1.Health/Check";
    private readonly TrustedRoots _trust = new(options.Value);

    public ProbeKind Kind => kind;

    public async Task<Attempt> ExecuteAsync(ProbeDefinition probe, RunContext context, CancellationToken cancellationToken)
    {
        var settings = (GrpcSettings)probe.Settings!;
        Targets.TryHostPort(probe.Target!, out var host, out var port);
        using var deadline = new CancellationTokenSource(probe.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = time.GetTimestamp();
        double? connectedMs = null;
        // A handler per run: its one connection is this run's, as a client starting up would open it.
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (connection, token) =>
            {
                var socket = await destinations.ConnectSocketAsync(connection.DnsEndPoint.Host, connection.DnsEndPoint.Port, token, CheckPath);
                connectedMs = time.GetElapsedTime(started).TotalMilliseconds;
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = _trust.Validate },
        };
        using var client = new HttpMessageInvoker(handler);
        try
        {
            var (status, detail) = await CheckAsync(client, settings, host, port, linked.Token);
            var snapshot = new ResponseSnapshot { Connected = true, StatusText = status, ResponseTime = time.GetElapsedTime(started), Body = detail };
            var evidence = new Evidence
            {
                Conditions = [.. probe.Conditions.Select(c => c.Evaluate(snapshot))],
                Duration = snapshot.ResponseTime,
                ProtocolStatus = detail.Length == 0 ? $"gRPC {status}" : $"gRPC {status} ({detail})",
                ProtocolCategory = GrpcWire.CategoryOf(status),
            };
            return new Attempt(evidence, new TimingPhases(null, Round(connectedMs), null, Round(snapshot.ResponseTime.TotalMilliseconds)), Redaction.Excerpt(detail));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(TransportFailure.Timeout, $"no {(connectedMs is null ? "connection" : "answer")} within {Durations.Format(probe.Timeout)} (DEADLINE_EXCEEDED)", started, connectedMs);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or SocketException or AuthenticationException or BlockedDestinationException)
        {
            var (failure, detail) = TransportErrors.Describe(exception);
            return Failed(failure, detail, started, connectedMs);
        }
    }

    /// <summary>The health the server answers, or the gRPC status code of a failed call, with its message.</summary>
    private async Task<(string Status, string Detail)> CheckAsync(HttpMessageInvoker client, GrpcSettings settings, string host, int port, CancellationToken cancellationToken)
    {
        var address = new UriBuilder(settings.Tls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, host, port, CheckPath).Uri;
        using var request = new HttpRequestMessage(HttpMethod.Post, address)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcWire.Request(settings.Service)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.TryAddWithoutValidation("User-Agent", options.Value.UserAgent);
        using var response = await client.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (GrpcWire.CodeOfHttpStatus((int)response.StatusCode), $"HTTP {(int)response.StatusCode}");
        }

        var body = await ReadCappedAsync(response, cancellationToken);
        // A call that fails at once answers in its headers ("trailers-only"); one that answered, in its trailers.
        var code = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
        var message = Uri.UnescapeDataString(Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message") ?? "");
        if (code is null)
        {
            return ("UNKNOWN", "the answer carried no grpc-status");
        }

        if (code != "0")
        {
            return (int.TryParse(code, out var number) && number > 0 && number < GrpcWire.Codes.Count ? GrpcWire.Codes[number] : "UNKNOWN", message);
        }

        return GrpcWire.ServingStatus(body) is { } serving ? (serving, "") : ("UNKNOWN", "the answer is not a HealthCheckResponse");
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var collected = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while (collected.Length < MaxAnswerBytes && (read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            collected.Write(buffer, 0, read);
        }

        return collected.ToArray();
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    private Attempt Failed(TransportFailure failure, string detail, long started, double? connectedMs) =>
        new(new Evidence { Transport = failure, TransportDetail = detail, Duration = time.GetElapsedTime(started) },
            connectedMs is null ? null : new TimingPhases(null, Round(connectedMs), null, null), null);
}
