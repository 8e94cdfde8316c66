using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Kinds.Dns;
using StatusBoard.Probes.Kinds.Sockets;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Running;

/// <summary>tcp, tls and dns probes against real peers on loopback and the system resolver.</summary>
public sealed class ProbeKindTests
{
    private static readonly RunContext Sg = new("sg", "test", null);

    private static ProbeResult Run(string kind, string target, string[] conditions, string? send = null, string extra = "", string timeout = "3s")
    {
        var probe = TestProbes.Parse($$"""
            { "key": "k", "name": "k", "component": "payments", "kind": "{{kind}}", "regions": ["sg"], "timeout": "{{timeout}}", {{extra}}
              "target": "{{target}}", {{(send is null ? "" : $"\"send\": \"{send}\",")}}
              "conditions": {{StatusBoard.Probes.Common.Json.Serialize(conditions)}} }
            """);
        var options = Options.Create(new ProbeHttpOptions());
        var runner = new ProbeRunner(
            [new SocketProbeExecutor(StatusBoard.Probes.Kinds.ProbeKinds.Get("tcp"), TimeProvider.System, options, TestDestinations.Loopback), new SocketProbeExecutor(StatusBoard.Probes.Kinds.ProbeKinds.Get("tls"), TimeProvider.System, options, TestDestinations.Loopback), new DnsProbeExecutor(TimeProvider.System, TestDestinations.Loopback)],
            TimeProvider.System, options);
        return runner.RunAsync(probe, Sg, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Tcp_AcceptingPeer_SendsAndReadsTheAnswer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
            var stream = client.GetStream();
            var buffer = new byte[64];
            await stream.ReadAtLeastAsync(buffer, 5, throwOnEndOfStream: false, TestContext.Current.CancellationToken);
            await stream.WriteAsync("PONG\n"u8.ToArray(), TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);

        var result = Run("tcp", $"127.0.0.1:{port}", ["[CONNECTED] == true", "[BODY] contains PONG"], send: "PING\\n");
        await serve;

        Assert.Equal(Outcome.Up, result.Outcome);
    }

    [Fact]
    public void Tcp_RefusingPeer_IsNetwork()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var result = Run("tcp", $"127.0.0.1:{port}", ["[CONNECTED] == true"]);

        Assert.Equal(Outcome.Down, result.Outcome);
        Assert.Equal(FailureCategory.Network, result.Category);
        Assert.Equal(TransportFailure.ConnectionRefused, result.Transport);
    }

    public static TheoryData<string, int, int, string, Outcome> TlsCases => new()
    {
        // name, days from now the certificate started, days from now it ends, name in the certificate, outcome of the checks below
        { "valid for a month", -1, 30, "localhost", Outcome.Up },
        { "expired yesterday", -10, -1, "localhost", Outcome.Down },
        { "for another host", -1, 30, "other.example", Outcome.Down },
    };

    [Theory]
    [MemberData(nameof(TlsCases))]
    public async Task Tls_Certificate_ExpiryAndHostname(string name, int fromDays, int toDays, string dnsName, Outcome outcome)
    {
        using var certificate = Certificate(dnsName, fromDays, toDays);
        await using var server = await TlsServer.StartAsync(certificate);

        var result = Run("tls", $"localhost:{server.Port}", ["[CONNECTED] == true", "[CERTIFICATE_EXPIRATION] > 72h", "[CERTIFICATE_HOSTNAME_MATCH] == true"]);

        Assert.True(outcome == result.Outcome, $"{name}: {result.Message}");
        if (outcome == Outcome.Down)
        {
            Assert.Equal(FailureCategory.Network, result.Category);
        }
    }

    [Fact]
    public async Task Tls_SelfSigned_ChainIsNotValid()
    {
        using var certificate = Certificate("localhost", -1, 30);
        await using var server = await TlsServer.StartAsync(certificate);

        var result = Run("tls", $"localhost:{server.Port}", ["[CERTIFICATE_CHAIN_VALID] == true"]);

        Assert.Equal(Outcome.Down, result.Outcome);
        Assert.Contains("[CERTIFICATE_CHAIN_VALID] (false) == true", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dns_Localhost_Resolves()
    {
        var result = Run("dns", "localhost", ["[DNS_RCODE] == NOERROR", "[IP] == 127.0.0.1"]);

        Assert.Equal(Outcome.Up, result.Outcome);
    }

    [Fact]
    public void Dns_InvalidName_IsANetworkFailureShowingTheCode()
    {
        var result = Run("dns", "statusboard-test.invalid", ["[DNS_RCODE] == NOERROR"]);

        Assert.Equal(Outcome.Down, result.Outcome);
        Assert.Equal(FailureCategory.Network, result.Category);
        Assert.Matches(@"\[DNS_RCODE\] \((NXDOMAIN|SERVFAIL|NODATA)\) == NOERROR|DNS lookup failed|timed out", result.Message);
    }

    [Theory]
    [InlineData("A", "pay.example", "[IP] == 10.1.2.3")]
    [InlineData("TXT", "pay.example", "[BODY] contains \"v=spf1 -all\"")]
    [InlineData("MX", "pay.example", "[BODY] contains \"10 mx.pay.example\"")]
    public void Dns_OwnResolver_AnswersRecordValues(string type, string name, string condition)
    {
        using var dns = new LoopbackDns().A("pay.example", "10.1.2.3").Txt("pay.example", "v=spf1 -all").Mx("pay.example", 10, "mx.pay.example");

        var result = Run("dns", name, ["[DNS_RCODE] == NOERROR", condition], extra: $"\"recordType\": \"{type}\", \"resolver\": \"{dns.Endpoint}\",");

        Assert.True(result.Outcome == Outcome.Up, result.Message);
    }

    [Fact]
    public void Dns_OwnResolver_UnknownName_IsNxdomain()
    {
        using var dns = new LoopbackDns().A("pay.example", "10.1.2.3");

        var result = Run("dns", "nope.pay.example", ["[DNS_RCODE] == NOERROR"], extra: $"\"resolver\": \"{dns.Endpoint}\",");

        Assert.Equal(Outcome.Down, result.Outcome);
        Assert.Equal(FailureCategory.Network, result.Category);
        Assert.Contains("[DNS_RCODE] (NXDOMAIN) == NOERROR", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dns_SilentResolver_IsATimeoutByTheDeadline()
    {
        using var dns = new LoopbackDns { Silent = true };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = Run("dns", "pay.example", ["[DNS_RCODE] == NOERROR"], extra: $"\"resolver\": \"{dns.Endpoint}\",", timeout: "1s");

        Assert.Equal(Outcome.Down, result.Outcome);
        Assert.Equal(FailureCategory.Network, result.Category);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("\"recordType\": \"MX\",", "recordType")]
    [InlineData("\"resolver\": \"not-an-ip\",", "resolver")]
    [InlineData("\"recordType\": \"SOA\", \"resolver\": \"1.1.1.1\",", "recordType")]
    public void Dns_BadResolverSettings_AreRefusedNamingTheField(string extra, string field)
    {
        var document = StatusBoard.Probes.Common.Json.Deserialize<StatusBoard.Probes.Definitions.ProbeDocument>($$"""
            { "key": "k", "name": "k", "component": "payments", "kind": "dns", "regions": ["sg"], {{extra}} "target": "pay.example", "conditions": ["[DNS_RCODE] == NOERROR"] }
            """)!;

        Assert.False(StatusBoard.Probes.Definitions.ProbeDefinitionParser.TryParse(document, _ => true, StatusBoard.Probes.Definitions.DefinitionSource.Api, out _, out var errors));
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    private static X509Certificate2 Certificate(string dnsName, int fromDays, int toDays)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(fromDays), DateTimeOffset.UtcNow.AddDays(toDays));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>A TLS server on loopback that completes handshakes with one certificate.</summary>
    private sealed class TlsServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private TlsServer(X509Certificate2 certificate)
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                        await using var tls = new SslStream(client.GetStream());
                        await tls.AuthenticateAsServerAsync(certificate, false, false);
                        await tls.WriteAsync(Encoding.ASCII.GetBytes("hello"), _stop.Token);
                    }
                    catch (Exception exception) when (exception is IOException or AuthenticationException or SocketException or OperationCanceledException)
                    {
                    }
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static Task<TlsServer> StartAsync(X509Certificate2 certificate) => Task.FromResult(new TlsServer(certificate));

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }
}
