using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Configuration;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Kinds;
using StatusBoard.Probes.Kinds.Grpc;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Kinds;

/// <summary>
/// <c>grpc</c> probes against a real gRPC health server (Grpc.AspNetCore with Grpc.HealthCheck's service) on loopback,
/// plaintext and TLS with a test CA: what each answer means, and what the document may say.
/// </summary>
public sealed class GrpcProbeTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("statusboard-grpc-").FullName;
    private GrpcHealthServer _plain = null!;
    private GrpcHealthServer _secure = null!;
    private GrpcHealthServer _withoutHealth = null!;
    private X509Certificate2 _authority = null!;
    private X509Certificate2 _leaf = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string CaPath => Path.Combine(_directory, "test-ca.pem");

    public async ValueTask InitializeAsync()
    {
        _authority = TestCertificates.Authority("StatusBoard gRPC Test CA", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllTextAsync(CaPath, _authority.ExportCertificatePem(), Ct);
        _leaf = TestCertificates.Leaf(_authority, "localhost", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        _plain = await GrpcHealthServer.StartAsync();
        _secure = await GrpcHealthServer.StartAsync(_leaf);
        _withoutHealth = await GrpcHealthServer.StartAsync(withHealth: false);
        foreach (var server in new[] { _plain, _secure })
        {
            server.Set("payments", serving: true);
            server.Set("ledger", serving: false);
        }
    }

    [Fact]
    public async Task Serving_IsUp()
    {
        var result = await RunAsync(Port(_plain), """ "service": "payments", "tls": false """);

        Assert.True(result.Outcome == Outcome.Up, result.Message);
        Assert.NotNull(result.Phases?.ConnectMs);
    }

    [Fact]
    public async Task WithoutAService_AsksAboutTheWholeServer()
    {
        var result = await RunAsync(Port(_plain), """ "tls": false """);

        Assert.True(result.Outcome == Outcome.Up, result.Message);
    }

    [Fact]
    public async Task NotServing_IsDownWithServer_NamingTheStatus()
    {
        var result = await RunAsync(Port(_plain), """ "service": "ledger", "tls": false """);

        Assert.Equal((Outcome.Down, FailureCategory.Server), (result.Outcome, result.Category));
        Assert.Contains("[STATUS] (NOT_SERVING) == SERVING", result.Message, StringComparison.Ordinal);
        Assert.StartsWith("gRPC NOT_SERVING", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownService_IsNotFound_TheProbesInput()
    {
        var result = await RunAsync(Port(_plain), """ "service": "refunds", "tls": false """);

        Assert.Equal((Outcome.Down, FailureCategory.Input), (result.Outcome, result.Category));
        Assert.Contains("[STATUS] (NOT_FOUND) == SERVING", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerWithoutTheHealthService_IsUnimplemented_AVersion()
    {
        var result = await RunAsync(Port(_withoutHealth), """ "tls": false """);

        Assert.Equal((Outcome.Down, FailureCategory.Version), (result.Outcome, result.Category));
        Assert.Contains("UNIMPLEMENTED", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClosedPort_IsANetworkFailure()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await RunAsync(port, """ "tls": false """);

        Assert.Equal((Outcome.Down, FailureCategory.Network, TransportFailure.ConnectionRefused), (result.Outcome, result.Category, result.Transport));
    }

    [Fact]
    public async Task Tls_WithTheTestCaTrusted_IsUp_AndWithoutIt_IsATlsFailure()
    {
        var trusted = await RunAsync(Port(_secure), """ "service": "payments", "tls": true """, trusted: [CaPath], host: "localhost");
        var untrusted = await RunAsync(Port(_secure), """ "service": "payments" """, trusted: [], host: "localhost");

        Assert.True(trusted.Outcome == Outcome.Up, trusted.Message);
        Assert.Equal((Outcome.Down, FailureCategory.Network, TransportFailure.Tls), (untrusted.Outcome, untrusted.Category, untrusted.Transport));
    }

    [Fact]
    public async Task PlaintextToATlsServer_IsDown_NotUp()
    {
        var result = await RunAsync(Port(_secure), """ "service": "payments", "tls": false """, host: "localhost");

        Assert.Equal((Outcome.Down, FailureCategory.Network), (result.Outcome, result.Category));
    }

    [Fact]
    public async Task ADestinationTheRulesRefuse_IsNeverCalled()
    {
        var closed = new Destinations(Options.Create(new DestinationOptions()));
        var result = await RunAsync(Port(_plain), """ "service": "payments", "tls": false """, destinations: closed);

        Assert.Equal((Outcome.Error, FailureCategory.Probe, TransportFailure.Blocked), (result.Outcome, result.Category, result.Transport));
    }

    [Theory]
    [InlineData("""{ "service": 7 }""", "service")]
    [InlineData("""{ "tls": "yes" }""", "tls")]
    [InlineData("""{ "target": "pay.example" }""", "target")]
    [InlineData("""{ "conditions": ["[BODY].status == SERVING"] }""", "conditions[0]")]
    [InlineData("""{ "conditions": [] }""", "conditions")]
    [InlineData("""{ "sevrice": "payments" }""", "sevrice")]
    public void ADocumentThatIsWrong_IsRefusedNamingTheField(string change, string field)
    {
        var document = Document("""{ "key": "g", "name": "g", "component": "payments", "kind": "grpc", "regions": ["sg"], "target": "pay.example:443", "conditions": ["[STATUS] == SERVING"] }""", change);

        Assert.False(ProbeDefinitionParser.TryParse(document, _ => true, DefinitionSource.Api, out _, out var errors));
        Assert.Contains(field, errors.Fields);
    }

    [Fact]
    public void GrpcFields_OnAnotherKind_AreRefused_AndOtherKindsKeepTheirPlaceholders()
    {
        var http = Document("""{ "key": "h", "name": "h", "component": "payments", "regions": ["sg"], "request": { "url": "https://pay.example/" }, "conditions": ["[STATUS] == 200"], "service": "payments" }""", "{}");
        var tcp = Document("""{ "key": "t", "name": "t", "component": "payments", "kind": "tcp", "regions": ["sg"], "target": "pay.example:443", "conditions": ["[STATUS] == 200"] }""", "{}");

        Assert.False(ProbeDefinitionParser.TryParse(http, _ => true, DefinitionSource.Api, out _, out var httpErrors));
        Assert.Contains("belongs to grpc probes", Assert.Single(httpErrors.ToDictionary()["service"]), StringComparison.Ordinal);
        Assert.False(ProbeDefinitionParser.TryParse(tcp, _ => true, DefinitionSource.Api, out _, out var tcpErrors));
        Assert.Contains("a tcp probe has no [STATUS]", Assert.Single(tcpErrors.ToDictionary()["conditions[0]"]), StringComparison.Ordinal);
    }

    [Fact]
    public void TheDocument_KeepsItsOwnFields_AsWritten()
    {
        var probe = ProbeDefinitionParser.Parse(Document("""{ "key": "g", "name": "g", "component": "payments", "kind": "grpc", "regions": ["sg"], "target": "pay.example:443", "service": "payments", "tls": false, "conditions": ["[STATUS] == SERVING"] }""", "{}"), _ => true);

        Assert.Equal(new GrpcSettings("payments", false), probe.Settings);
        var written = JsonNode.Parse(Json.Serialize(probe.Document))!;
        Assert.Equal(("grpc", "payments", false), ((string?)written["kind"], (string?)written["service"], (bool?)written["tls"]));
    }

    [Fact]
    public void FromAppSettings_TheKindsOwnFieldsAreRead_AndAMisspeltOneIsRefused()
    {
        Dictionary<string, string?> Probe(int i, string key, string field) => new()
        {
            [$"StatusBoard:Probes:{i}:Key"] = key, [$"StatusBoard:Probes:{i}:Name"] = key, [$"StatusBoard:Probes:{i}:Component"] = "payments",
            [$"StatusBoard:Probes:{i}:Kind"] = "grpc", [$"StatusBoard:Probes:{i}:Regions:0"] = "sg", [$"StatusBoard:Probes:{i}:Target"] = "ledger.internal:50051",
            [$"StatusBoard:Probes:{i}:{field}"] = "payments", [$"StatusBoard:Probes:{i}:Tls"] = "false", [$"StatusBoard:Probes:{i}:Conditions:0"] = "[STATUS] == SERVING",
        };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Probe(0, "ledger", "Service").Concat(Probe(1, "misspelt", "Sevrice"))).Build();

        var read = StatusBoard.Probes.Catalog.ProbesConfiguration.Read(configuration);

        Assert.Equal(new GrpcSettings("payments", false), ProbeDefinitionParser.Parse(read.Probes[0].Document, _ => true, DefinitionSource.Configuration).Settings);
        Assert.False(ProbeDefinitionParser.TryParse(read.Probes[1].Document, _ => true, DefinitionSource.Configuration, out _, out var errors));
        Assert.Equal(["sevrice"], errors.Fields);
    }

    [Fact]
    public void GatusGrpcEndpoints_AreImportedAsGrpcProbes()
    {
        var file = JsonNode.Parse("""
            { "endpoints": [
              { "name": "ledger", "url": "grpc://ledger.internal:50051", "conditions": ["[CONNECTED] == true", "[BODY].status == SERVING"] },
              { "name": "wallet", "url": "grpcs://wallet.example:443" } ] }
            """);

        var import = ForeignImports.FromGatus(file, "payments", _ => true, ["sg"]);

        var probes = import.Document!.Probes!;
        var (ledger, wallet) = (probes[0], probes[1]);
        Assert.Equal(("grpc", "ledger.internal:50051", "false"), (ledger.Kind, ledger.Target, ledger.Extensions!["tls"].GetRawText()));
        Assert.Equal(["[CONNECTED] == true", "[STATUS] == SERVING"], ledger.Conditions);
        Assert.Equal(("wallet.example:443", "true", "[STATUS] == SERVING"), (wallet.Target, wallet.Extensions!["tls"].GetRawText(), Assert.Single(wallet.Conditions!)));
        Assert.All(probes, p => Assert.True(ProbeDefinitionParser.TryParse(p, _ => true, DefinitionSource.Configuration, out _, out var errors), errors.ToString()));
    }

    private static ProbeDocument Document(string json, string change)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(change)!.AsObject())
        {
            node[name] = value?.DeepClone();
        }

        return Json.Deserialize<ProbeDocument>(node.ToJsonString())!;
    }

    private static int Port(GrpcHealthServer server) => server.Port;

    private static async Task<ProbeResult> RunAsync(int port, string fields, List<string>? trusted = null, string host = "127.0.0.1", Destinations? destinations = null)
    {
        var probe = TestProbes.Parse($$"""
            { "key": "g", "name": "g", "component": "payments", "kind": "grpc", "regions": ["sg"], "timeout": "5s",
              "target": "{{host}}:{{port}}", {{fields}}, "conditions": ["[CONNECTED] == true", "[STATUS] == SERVING"] }
            """);
        var options = Options.Create(new ProbeHttpOptions { TrustedCertificates = trusted ?? [] });
        var executor = new GrpcHealthExecutor(ProbeKinds.Get("grpc"), TimeProvider.System, options, destinations ?? TestDestinations.Loopback);
        var runner = new ProbeRunner([executor], TimeProvider.System, options);
        return await runner.RunAsync(probe, new RunContext("sg", "test", null), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { _plain, _secure, _withoutHealth })
        {
            await app.DisposeAsync();
        }

        _leaf.Dispose();
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
