using System.Net;
using System.Net.Sockets;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Definitions;

namespace StatusBoard.Probes.Running;

/// <summary>
/// <c>dns</c> probes with the system resolver: <c>[DNS_RCODE]</c> is NOERROR, NXDOMAIN or SERVFAIL, <c>[IP]</c> the
/// first address, <c>[BODY]</c> every address on its own line. A name that does not exist is an answer, judged by
/// the conditions; a resolver that does not answer is a network failure.
/// </summary>
public sealed class DnsProbeExecutor(TimeProvider time) : IProbeExecutor
{
    public ProbeKind Kind => ProbeKind.Dns;

    public async Task<Attempt> ExecuteAsync(ProbeDefinition probe, RunContext context, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(probe.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = time.GetTimestamp();
        var family = probe.RecordType == "AAAA" ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        string rcode;
        IPAddress[] addresses = [];
        try
        {
            addresses = await Dns.GetHostAddressesAsync(probe.Target!, family, linked.Token);
            rcode = addresses.Length > 0 ? "NOERROR" : "NODATA";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(new Evidence { Transport = TransportFailure.Timeout, TransportDetail = $"no DNS answer within {Durations.Format(probe.Timeout)}", Duration = time.GetElapsedTime(started) }, null, null);
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            rcode = exception.SocketErrorCode == SocketError.HostNotFound ? "NXDOMAIN" : "NODATA";
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.TryAgain)
        {
            rcode = "SERVFAIL";
        }
        catch (SocketException exception)
        {
            return new Attempt(new Evidence { Transport = TransportFailure.Dns, TransportDetail = exception.Message, Duration = time.GetElapsedTime(started) }, null, null);
        }

        var elapsed = time.GetElapsedTime(started);
        var snapshot = new Conditions.ResponseSnapshot
        {
            Connected = true,
            ResponseTime = elapsed,
            DnsRcode = rcode,
            Ip = addresses.Length > 0 ? addresses[0].ToString() : null,
            Body = string.Join("\n", addresses.Select(a => a.ToString())),
        };
        var evidence = new Evidence { Conditions = probe.Conditions.Select(c => c.Evaluate(snapshot)).ToList(), Duration = elapsed };
        return new Attempt(evidence, new TimingPhases(Math.Round(elapsed.TotalMilliseconds, 2), null, null, null), snapshot.Body);
    }
}
