using System.Globalization;
using System.Net.Sockets;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Running;

/// <summary>
/// The exchanger's HTTP/1.1 against a peer that writes exact bytes: what goes on the wire, and answers framed every way
/// a server may frame them, well or badly.
/// </summary>
public sealed class HttpWireTests
{
    private readonly HttpExchanger _exchanger = new(TimeProvider.System, Options.Create(new ProbeHttpOptions { MaxBodyBytes = 1024, UserAgent = "StatusBoard-test" }), TestDestinations.Loopback);

    private static TemplateValues Values => new("sg", null, DateTimeOffset.UnixEpoch, new Dictionary<string, string>());

    /// <summary>Sends one request to a peer that answers <paramref name="answer"/> and closes; returns the exchange and the request as received.</summary>
    private async Task<(Exchange Exchange, string Request)> ExchangeAsync(string answer, string method = "GET", string path = "/pay?x=1", string? body = null,
        Dictionary<string, string>? headers = null, bool decompress = true)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var peer = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
            var stream = client.GetStream();
            var received = new List<byte>();
            var buffer = new byte[4096];
            // The head, then as many body bytes as it announces.
            while (!Encoding.ASCII.GetString([.. received]).Contains("\r\n\r\n", StringComparison.Ordinal)
                   || received.Count < HeadLength(received) + ContentLength(received))
            {
                var read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
                if (read == 0)
                {
                    break;
                }

                received.AddRange(buffer.AsSpan(0, read));
            }

            await stream.WriteAsync(Encoding.UTF8.GetBytes(answer), TestContext.Current.CancellationToken);
            client.Client.Shutdown(SocketShutdown.Send);
            return Encoding.UTF8.GetString([.. received]);
        }, TestContext.Current.CancellationToken);
        var template = new HttpRequestTemplate(method, $"http://127.0.0.1:{port}{path}", headers ?? [], body) { Decompress = decompress };

        var exchange = await _exchanger.SendAsync(template, Values, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        return (exchange, await peer);
    }

    private static int HeadLength(List<byte> received) => Encoding.ASCII.GetString([.. received]).IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;

    private static int ContentLength(List<byte> received)
    {
        var head = Encoding.ASCII.GetString([.. received]);
        var at = head.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase);
        return at < 0 ? 0 : int.Parse(head[(at + 16)..head.IndexOf('\r', at)], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Request_OnTheWire_IsOneHttp11RequestThatClosesItsConnection()
    {
        var (exchange, request) = await ExchangeAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", method: "post", body: """{"amount":"0.01"}""",
            headers: new() { ["Idempotency-Key"] = "k-1", ["user-agent"] = "WalletApp/5.2" });

        Assert.Equal(200, exchange.Response!.Status);
        var lines = request.Split("\r\n");
        Assert.Equal("POST /pay?x=1 HTTP/1.1", lines[0]);
        Assert.Contains($"Host: 127.0.0.1:{request.Split("Host: 127.0.0.1:")[1].Split("\r\n")[0]}", lines);
        Assert.Contains("user-agent: WalletApp/5.2", lines); // the name as the probe wrote it
        Assert.DoesNotContain("User-Agent: StatusBoard-test", lines);
        Assert.Contains("Idempotency-Key: k-1", lines);
        Assert.Contains("Accept-Encoding: gzip, deflate, br", lines);
        Assert.Contains("Content-Type: application/json", lines);
        Assert.Contains("Content-Length: 17", lines);
        Assert.Contains("Connection: close", lines);
        Assert.EndsWith("\r\n\r\n" + """{"amount":"0.01"}""", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_AfterInterimAnswers_IsTheFinalOne_WithRepeatedHeadersJoined()
    {
        var (exchange, _) = await ExchangeAsync(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
            + "HTTP/1.1 201 Created\r\nX-Trace: a\r\nx-trace: b\r\nContent-Length: 4\r\n\r\ndone");

        Assert.Equal(TransportFailure.None, exchange.Transport);
        Assert.Equal(201, exchange.Response!.Status);
        Assert.Equal("done", exchange.Response.Body);
        Assert.Equal("a, b", exchange.Response.Headers["X-TRACE"]);
        Assert.False(exchange.Response.Headers.ContainsKey("Link"));
    }

    [Fact]
    public async Task ChunkedAnswer_WithExtensionsAndTrailers_IsReadWhole()
    {
        var (exchange, _) = await ExchangeAsync(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\n{\"a\":\r\n3\r\n\"b\"\r\n1\r\n}\r\n0\r\nX-Checksum: 1\r\n\r\n");

        Assert.Equal(TransportFailure.None, exchange.Transport);
        Assert.Equal("""{"a":"b"}""", exchange.Response!.Body);
        Assert.False(exchange.Truncated);
    }

    [Fact]
    public async Task AnswerWithoutLength_IsReadToTheClose_AndCutAtTheCap()
    {
        var (exchange, _) = await ExchangeAsync("HTTP/1.0 200 OK\r\n\r\n" + new string('x', 3000));

        Assert.Equal(200, exchange.Response!.Status);
        Assert.Equal(1024, exchange.BytesRead);
        Assert.True(exchange.Truncated);
    }

    [Fact]
    public async Task HeadRequest_ReadsNoBody_WhateverTheLengthSays()
    {
        var (exchange, request) = await ExchangeAsync("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n", method: "HEAD");

        Assert.StartsWith("HEAD /pay?x=1 HTTP/1.1\r\n", request, StringComparison.Ordinal);
        Assert.Equal(TransportFailure.None, exchange.Transport);
        Assert.Equal("", exchange.Response!.Body);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", TransportFailure.ConnectionReset, "prematurely")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot hex\r\n", TransportFailure.ConnectionReset, "chunk size")]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n\r\n", TransportFailure.Protocol, "status line")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok", TransportFailure.Protocol, "Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", TransportFailure.Protocol, "header line")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-", TransportFailure.ConnectionReset, "in its headers")]
    [InlineData("", TransportFailure.ConnectionReset, "without sending a response")]
    public async Task BrokenAnswers_AreTransportFailures_ThatSayWhatWasWrong(string answer, TransportFailure failure, string detail)
    {
        var (exchange, _) = await ExchangeAsync(answer);

        Assert.Equal(failure, exchange.Transport);
        Assert.Contains(detail, exchange.TransportDetail, StringComparison.Ordinal);
        Assert.True(exchange.Response!.Connected);
    }

    [Fact]
    public async Task AHeaderNameThatIsNotAToken_IsRefusedBeforeAnythingIsSent()
    {
        var template = new HttpRequestTemplate("GET", "http://127.0.0.1:9/", new Dictionary<string, string> { ["X Bad:Name"] = "v" }, null);

        var refused = await Assert.ThrowsAsync<UnsafeRequestException>(() =>
            _exchanger.SendAsync(template, Values, TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken));

        Assert.Contains("X Bad:Name", refused.Message, StringComparison.Ordinal);
    }
}
