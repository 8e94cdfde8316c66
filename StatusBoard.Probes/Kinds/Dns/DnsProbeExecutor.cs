using System.Net;
using System.Net.Sockets;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Kinds.Dns;

/// <summary>
/// <c>dns</c> probes, with the system resolver or the probe's own (<c>resolver</c>, asked directly with DnsClient):
/// <c>[DNS_RCODE]</c> is NOERROR, NXDOMAIN, SERVFAIL…, <c>[IP]</c> the first address, <c>[BODY]</c> every record value on
/// its own line. A name that does not exist is an answer, judged by the conditions; a resolver that does not answer is
/// a network failure.
/// </summary>
public sealed class DnsProbeExecutor(TimeProvider time, Destinations destinations) : IProbeExecutor
{
    public ProbeKind Kind { get; } = Kinds.ProbeKinds.Get("dns");

    public async Task<Attempt> ExecuteAsync(ProbeDefinition probe, RunContext context, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(probe.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = time.GetTimestamp();
        if (probe.Resolver is { } resolver)
        {
            return await AskAsync(probe, resolver, started, linked.Token, cancellationToken);
        }

        var family = probe.RecordType == "AAAA" ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        string rcode;
        IPAddress[] addresses = [];
        try
        {
            addresses = await System.Net.Dns.GetHostAddressesAsync(probe.Target!, family, linked.Token);
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

        return Answer(probe, rcode, addresses.Select(a => a.ToString()).ToList(), addresses.Length > 0 ? addresses[0].ToString() : null, started);
    }

    private Attempt Answer(ProbeDefinition probe, string rcode, IReadOnlyList<string> values, string? ip, long started)
    {
        var elapsed = time.GetElapsedTime(started);
        var snapshot = new Conditions.ResponseSnapshot
        {
            Connected = true,
            ResponseTime = elapsed,
            DnsRcode = rcode,
            Ip = ip,
            Body = string.Join("\n", values),
        };
        var evidence = new Evidence { Conditions = probe.Conditions.Select(c => c.Evaluate(snapshot)).ToList(), Duration = elapsed };
        return new Attempt(evidence, new TimingPhases(Math.Round(elapsed.TotalMilliseconds, 2), null, null, null), snapshot.Body);
    }

    private async Task<Attempt> AskAsync(ProbeDefinition probe, IPEndPoint resolver, long started, CancellationToken deadline, CancellationToken cancellationToken)
    {
        if (!destinations.Permits(resolver.Address, resolver.Port))
        {
            return new Attempt(new Evidence
            {
                Transport = TransportFailure.Blocked,
                TransportDetail = $"resolver {resolver} is a private address not in StatusBoard:Probes:AllowedPrivateNetworks",
                Duration = time.GetElapsedTime(started),
            }, null, null);
        }

        var client = new DnsClient.LookupClient(new DnsClient.LookupClientOptions(resolver)
        {
            UseCache = false,
            Retries = 0,
            ThrowDnsErrors = false,
            Timeout = probe.Timeout,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });
        var type = Enum.Parse<DnsClient.QueryType>(probe.RecordType);
        try
        {
            var response = await client.QueryAsync(probe.Target!, type, DnsClient.QueryClass.IN, deadline);
            var records = response.Answers.Select(Value).OfType<string>().ToList();
            var ip = response.Answers.ARecords().Select(a => a.Address.ToString()).Concat(response.Answers.AaaaRecords().Select(a => a.Address.ToString())).FirstOrDefault();
            var rcode = response.HasError ? response.Header.ResponseCode.ToString().ToUpperInvariant() : records.Count > 0 ? "NOERROR" : "NODATA";
            return Answer(probe, rcode switch { "NOTEXISTENTDOMAIN" => "NXDOMAIN", "SERVERFAILURE" => "SERVFAIL", "REFUSED" => "REFUSED", _ => rcode }, records, ip, started);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(new Evidence { Transport = TransportFailure.Timeout, TransportDetail = $"no DNS answer from {resolver} within {Durations.Format(probe.Timeout)}", Duration = time.GetElapsedTime(started) }, null, null);
        }
        catch (DnsClient.DnsResponseException exception)
        {
            var timedOut = exception.Code == DnsClient.DnsResponseCode.ConnectionTimeout;
            return new Attempt(new Evidence
            {
                Transport = timedOut ? TransportFailure.Timeout : TransportFailure.Dns,
                TransportDetail = timedOut ? $"no DNS answer from {resolver} within {Durations.Format(probe.Timeout)}" : $"{resolver}: {exception.DnsError}",
                Duration = time.GetElapsedTime(started),
            }, null, null);
        }
    }

    /// <summary>A record's value as a person writes it: an address, a name, "10 mx.example.", the text of a TXT record.</summary>
    private static string? Value(DnsClient.Protocol.DnsResourceRecord record) => record switch
    {
        DnsClient.Protocol.ARecord a => a.Address.ToString(),
        DnsClient.Protocol.AaaaRecord aaaa => aaaa.Address.ToString(),
        DnsClient.Protocol.CNameRecord cname => cname.CanonicalName.Value,
        DnsClient.Protocol.MxRecord mx => $"{mx.Preference} {mx.Exchange.Value}",
        DnsClient.Protocol.TxtRecord txt => string.Concat(txt.Text),
        DnsClient.Protocol.NsRecord ns => ns.NSDName.Value,
        _ => null,
    };
}
