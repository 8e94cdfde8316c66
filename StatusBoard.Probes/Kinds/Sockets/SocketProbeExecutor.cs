using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Kinds.Sockets;

/// <summary>
/// <c>tcp</c> and <c>tls</c> probes: connect to host:port under the deadline; for tls, shake hands and read the
/// certificate (its expiry, whether it names the host, whether its chain is trusted) without refusing it, so that
/// conditions decide; for tcp, optionally send a line and read the answer up to the body cap.
/// </summary>
public sealed class SocketProbeExecutor(ProbeKind kind, TimeProvider time, IOptions<ProbeHttpOptions> options, Destinations destinations) : IProbeExecutor
{
    public ProbeKind Kind => kind;

    public async Task<Attempt> ExecuteAsync(ProbeDefinition probe, RunContext context, CancellationToken cancellationToken)
    {
        Targets.TryHostPort(probe.Target!, out var host, out var port);
        using var deadline = new CancellationTokenSource(probe.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = time.GetTimestamp();
        var connected = false;
        try
        {
            using var socket = await destinations.ConnectSocketAsync(host, port, linked.Token);
            connected = true;
            var connectMs = time.GetElapsedTime(started).TotalMilliseconds;
            await using var network = new NetworkStream(socket, ownsSocket: false);
            var snapshot = kind is TlsKind
                ? await HandshakeAsync(network, host, started, linked.Token)
                : await ExchangeAsync(network, probe.Send, started, linked.Token);
            var evidence = new Evidence
            {
                Conditions = probe.Conditions.Select(c => c.Evaluate(snapshot)).ToList(),
                Duration = snapshot.ResponseTime,
            };
            return new Attempt(evidence, new TimingPhases(null, Math.Round(connectMs, 2), kind is TlsKind ? Math.Round(snapshot.ResponseTime.TotalMilliseconds - connectMs, 2) : null, null),
                Redaction.Excerpt(snapshot.Body))
            {
                CertificateExpiresAt = snapshot.CertificateExpiration is { } left ? time.GetUtcNow() + left : null,
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(TransportFailure.Timeout, $"no {(connected ? "answer" : "connection")} within {Durations.Format(probe.Timeout)}", started, connected);
        }
        catch (Exception exception) when (exception is SocketException or IOException or AuthenticationException or BlockedDestinationException)
        {
            var (failure, detail) = TransportErrors.Describe(exception);
            return Failed(failure, detail, started, connected);
        }
    }

    private async Task<ResponseSnapshot> HandshakeAsync(Stream network, string host, long started, CancellationToken cancellationToken)
    {
        X509Certificate2? certificate = null;
        var errors = SslPolicyErrors.None;
        await using var tls = new SslStream(network, leaveInnerStreamOpen: true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = host,
            // Accept any certificate here: expiry, hostname and chain become conditions, with the actual value shown.
            // Nothing is sent over this connection; it exists only to look at the certificate.
#pragma warning disable CA5359 // A monitor must see a bad certificate to report it, not fail before looking.
            RemoteCertificateValidationCallback = (_, cert, _, policyErrors) =>
            {
                certificate = cert is null ? null : new X509Certificate2(cert);
                errors = policyErrors;
                return true;
            },
#pragma warning restore CA5359
        }, cancellationToken);
        using (certificate)
        {
            return new ResponseSnapshot
            {
                Connected = true,
                ResponseTime = time.GetElapsedTime(started),
                CertificateExpiration = certificate is null ? null : certificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime,
                CertificateHostnameMatch = certificate is null ? null : !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch),
                CertificateChainValid = certificate is null ? null : !errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors),
                Body = certificate is null ? "" : $"subject={certificate.Subject}; issuer={certificate.Issuer}; notAfter={certificate.NotAfter.ToUniversalTime():O}",
            };
        }
    }

    private async Task<ResponseSnapshot> ExchangeAsync(Stream network, string? send, long started, CancellationToken cancellationToken)
    {
        var body = "";
        if (send is not null)
        {
            await network.WriteAsync(Encoding.UTF8.GetBytes(send), cancellationToken);
            var buffer = new byte[Math.Min(options.Value.MaxBodyBytes, 64 * 1024)];
            var read = await network.ReadAsync(buffer, cancellationToken);
            body = Encoding.UTF8.GetString(buffer, 0, read);
        }

        return new ResponseSnapshot { Connected = true, ResponseTime = time.GetElapsedTime(started), Body = body };
    }

    private Attempt Failed(TransportFailure failure, string detail, long started, bool connected) =>
        new(new Evidence { Transport = failure, TransportDetail = detail, Duration = time.GetElapsedTime(started) },
            connected ? new TimingPhases(null, null, null, null) : null, null);
}
