using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Kinds.Http;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Running;

/// <summary>http probes over HTTPS: certificate conditions, and a private CA trusted from configuration.</summary>
public sealed class HttpsCertificateTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("statusboard-ca-").FullName;
    private X509Certificate2 _authority = null!;
    private X509Certificate2 _leaf = null!;
    private X509Certificate2 _served = null!;
    private TcpListener _listener = null!;
    private CancellationTokenSource _stop = null!;
    private Task _serving = Task.CompletedTask;

    private string CaPath => Path.Combine(_directory, "company-ca.pem");

    public async ValueTask InitializeAsync()
    {
        _authority = TestCertificates.Authority("StatusBoard Test CA", DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllTextAsync(CaPath, _authority.ExportCertificatePem(), TestContext.Current.CancellationToken);

        _leaf = Leaf("localhost", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        _served = _leaf;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _stop = new CancellationTokenSource();
        _serving = ServeAsync();
    }

    [Theory]
    [InlineData("[CERTIFICATE_EXPIRATION] > 72h", Outcome.Up)]
    [InlineData("[CERTIFICATE_EXPIRATION] > 30d", Outcome.Down)]
    public async Task PrivateCaTrusted_CertificateConditionsRead(string condition, Outcome outcome)
    {
        var result = await RunAsync([CaPath], condition);

        Assert.True(outcome == result.Outcome, result.Message);
        Assert.True(result.CertificateExpiresAt > DateTimeOffset.UtcNow.AddDays(9));
        if (outcome == Outcome.Down)
        {
            Assert.Contains("[CERTIFICATE_EXPIRATION] (", result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PrivateCaNotTrusted_IsANetworkFailure()
    {
        var result = await RunAsync([], "[STATUS] == 200");

        Assert.Equal(Outcome.Down, result.Outcome);
        Assert.Equal(FailureCategory.Network, result.Category);
    }

    [Fact]
    public async Task ExpiredCertificate_IsATlsFailure()
    {
        using var expired = Leaf("localhost", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        _served = expired;

        var result = await RunAsync([CaPath], "[STATUS] == 200");

        Assert.Equal((Outcome.Down, FailureCategory.Network, TransportFailure.Tls), (result.Outcome, result.Category, result.Transport));
        Assert.StartsWith("TLS handshake failed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateForAnotherHost_IsATlsFailure()
    {
        using var other = Leaf("pay.other.example", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        _served = other;

        var result = await RunAsync([CaPath], "[STATUS] == 200");

        Assert.Equal((Outcome.Down, FailureCategory.Network, TransportFailure.Tls), (result.Outcome, result.Category, result.Transport));
    }

    [Fact]
    public void MissingTrustFile_StopsTheStartNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new HttpExchanger(TimeProvider.System, Options.Create(new ProbeHttpOptions { TrustedCertificates = ["/nope/ca.pem"] }), TestDestinations.Loopback));

        Assert.Contains("StatusBoard:Probes:Http:TrustedCertificates:0", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A server certificate for <paramref name="host"/> signed by the test CA.</summary>
    private X509Certificate2 Leaf(string host, DateTimeOffset notBefore, DateTimeOffset notAfter) => TestCertificates.Leaf(_authority, host, notBefore, notAfter);

    private async Task<ProbeResult> RunAsync(List<string> trusted, string condition)
    {
        var options = Options.Create(new ProbeHttpOptions { TrustedCertificates = trusted });
        var exchanger = new HttpExchanger(TimeProvider.System, options, TestDestinations.Loopback);
        var runner = new ProbeRunner([new HttpProbeExecutor(exchanger, TimeProvider.System)], TimeProvider.System, options);
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        var probe = TestProbes.Parse($$"""
            { "key": "k", "name": "k", "component": "payments", "kind": "http", "regions": ["sg"], "timeout": "3s",
              "request": { "url": "https://localhost:{{port}}/health" }, "conditions": [ "[STATUS] == 200", "{{condition}}" ] }
            """);
        return await runner.RunAsync(probe, new RunContext("sg", "test", null), TestContext.Current.CancellationToken);
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = SslStreamCertificateContext.Create(_served, [_authority]) }, _stop.Token);
                var buffer = new byte[4096];
                await tls.ReadAtLeastAsync(buffer, 16, throwOnEndOfStream: false, _stop.Token);
                await tls.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception exception) when (exception is IOException or AuthenticationException or SocketException)
            {
                // A client that refused the certificate: serve the next.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
        _leaf.Dispose();
        _authority.Dispose();
    }
}
