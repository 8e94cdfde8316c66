using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Kinds.Http;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Running;

/// <summary>
/// Probes as the wallet app is on the wire: asking for compression and decoding it, telling who they are, reading any
/// JSON media type, with or without a byte order mark — against a loopback gateway that answers as real ones do.
/// </summary>
public sealed class OnTheWireTests : IAsyncLifetime
{
    private const string Good = """{"status":"succeeded","amount":"0.01","fee":"0.00"}""";
    private static readonly string[] PaymentChecks = ["[STATUS] == 200", "[BODY].status == \"succeeded\"", "[BODY].amount == \"0.01\""];

    private readonly ConcurrentQueue<(string Path, string AcceptEncoding, string UserAgent)> _seen = new();
    private LoopbackServer _gateway = null!;
    private ProbeRunner _runner = null!;
    private HttpExchanger _exchanger = null!;

    public async ValueTask InitializeAsync()
    {
        _gateway = await LoopbackServer.StartAsync(app => app.Map("/answer/{kind}", async (string kind, HttpContext http) =>
        {
            _seen.Enqueue((kind, http.Request.Headers.AcceptEncoding.ToString(), http.Request.Headers.UserAgent.ToString()));
            await AnswerAsync(kind, http.Response);
        }));
        var options = Options.Create(new ProbeHttpOptions { RetryDelay = TimeSpan.Zero });
        _exchanger = new HttpExchanger(TimeProvider.System, options, TestDestinations.Loopback);
        _runner = new ProbeRunner([new HttpProbeExecutor(_exchanger, TimeProvider.System)], TimeProvider.System, options);
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
    }

    private static async Task AnswerAsync(string kind, HttpResponse response)
    {
        var json = Encoding.UTF8.GetBytes(Good);
        switch (kind)
        {
            case "gzip" or "deflate" or "br":
                response.Headers.ContentEncoding = kind;
                response.ContentType = "application/json; charset=utf-8";
                await response.Body.WriteAsync(Compress(kind, json));
                break;
            case "chunked":
                response.ContentType = "application/json";
                foreach (var piece in json.Chunk(7))
                {
                    await response.Body.WriteAsync(piece);
                    await response.Body.FlushAsync();
                }

                break;
            case "problem-json" or "text-json" or "vendor-json":
                response.ContentType = kind switch { "problem-json" => "application/problem+json", "text-json" => "text/json", _ => "application/vnd.wallet.v2+json; charset=utf-8" };
                await response.Body.WriteAsync(json);
                break;
            case "bom":
                response.ContentType = "application/json; charset=utf-8";
                await response.Body.WriteAsync((byte[])[0xEF, 0xBB, 0xBF, .. json]);
                break;
            case "number":
                response.ContentType = "application/json";
                await response.WriteAsync("""{"status":"succeeded","amount":0.01}""");
                break;
            case "busy-page":
                response.ContentType = "text/html; charset=utf-8";
                await response.WriteAsync("<html><head><title>系统繁忙</title></head><body><h1>系统繁忙，请稍后再试</h1></body></html>");
                break;
            case "empty":
                break;
            case "system-error":
                response.ContentType = "application/json";
                await response.WriteAsync("""{"status":"failed","amount":"0.01","error":{"code":"SYSTEM_ERROR","message":"系统错误"}}""");
                break;
            case "sign-in":
                response.StatusCode = 302;
                response.Headers.Location = "/account/login?return=%2Fv2%2Fpayments";
                break;
            case "legal":
                response.StatusCode = 451;
                break;
            case "challenge":
                response.StatusCode = 403;
                response.ContentType = "text/html";
                response.Headers["cf-mitigated"] = "challenge";
                await response.WriteAsync("<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>");
                break;
        }
    }

    private static byte[] Compress(string encoding, byte[] data)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }

    private async Task<ProbeResult> RunAsync(string kind, string extra = "", params string[] conditions)
    {
        var probe = TestProbes.Parse($$"""
            { "key": "wire-{{kind}}", "name": "Wire", "component": "payments", "regions": ["sg"], "timeout": "2s", {{extra}}
              "request": { "url": "{{_gateway.Address}}/answer/{{kind}}" }, "errorCodePath": "$.error.code",
              "conditions": {{StatusBoard.Probes.Common.Json.Serialize(conditions.Length == 0 ? PaymentChecks : conditions)}} }
            """);
        return await _runner.RunAsync(probe, new RunContext("sg", "test", null), TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    [InlineData("chunked")]
    [InlineData("problem-json")]
    [InlineData("text-json")]
    [InlineData("vendor-json")]
    [InlineData("bom")]
    public async Task AGoodAnswer_HoweverItIsSent_IsUp(string kind)
    {
        var result = await RunAsync(kind);

        Assert.True(result.Outcome == Outcome.Up, $"{kind}: {result.Outcome} {result.Category} {result.Rule}: {result.Message}");
        Assert.Equal("ok", result.Rule);
    }

    [Fact]
    public async Task ANumberComparedWithANumericString_IsUp()
    {
        var result = await RunAsync("number");

        Assert.Equal(Outcome.Up, result.Outcome);
    }

    [Fact]
    public async Task Requests_AskForCompressionAndSayWhoTheyAre_UnlessTheProbeTurnsDecodingOff()
    {
        await RunAsync("gzip");
        var raw = await RunAsync("gzip", "\"decompress\": false,", "[STATUS] == 200", "[BODY] contains succeeded");
        var seen = _seen.ToList();

        Assert.Equal("gzip, deflate, br", seen[0].AcceptEncoding);
        Assert.Equal(ProbeHttpOptions.DefaultUserAgent, seen[0].UserAgent);
        Assert.Matches(@"^StatusBoard/\d+\.\d+\.\d+$", seen[0].UserAgent);
        // Undecoded, the gzip bytes are what the conditions see: "succeeded" is not in them.
        Assert.Equal("", seen[1].AcceptEncoding);
        Assert.Equal(Outcome.Down, raw.Outcome);
    }

    [Theory]
    [InlineData("busy-page", "server", "not-json")]
    [InlineData("empty", "server", "not-json")]
    [InlineData("system-error", "server", "error-code")]
    [InlineData("sign-in", "security", "redirect-sign-in")]
    [InlineData("legal", "security", "status")]
    [InlineData("challenge", "security", "waf-challenge")]
    public async Task AnAnswerThatIsNotWhatTheAppWants_GetsTheCategoryOfWhatItSays(string kind, string category, string rule)
    {
        var result = await RunAsync(kind);

        Assert.Equal(Outcome.Down, result.Outcome);
        Assert.Equal((category, rule), (result.Category?.ToString().ToLowerInvariant(), result.Rule));
    }
}
