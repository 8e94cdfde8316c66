using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Running;

/// <summary>
/// Server-side request forgery: probes and webhooks reach private, loopback, link-local and metadata addresses only
/// when the allow-list names them, judged on the address a request really connects to.
/// </summary>
public sealed class DestinationsTests : IAsyncLifetime
{
    private LoopbackServer _target = null!;
    private int _hits;

    public async ValueTask InitializeAsync() =>
        _target = await LoopbackServer.StartAsync(app => app.Map("/{**path}", () =>
        {
            Interlocked.Increment(ref _hits);
            return Results.Text("reached");
        }));

    public async ValueTask DisposeAsync() => await _target.DisposeAsync();

    private int Port => new Uri(_target.Address).Port;

    public static TheoryData<string> PrivateSpellings() =>
    [
        "http://127.0.0.1:{port}/", "http://127.1:{port}/", "http://0x7f000001:{port}/", "http://2130706433:{port}/",
        "http://017700000001:{port}/", "http://[::1]:{port}/", "http://[::ffff:127.0.0.1]:{port}/", "http://[::ffff:7f00:1]:{port}/",
        "http://localhost:{port}/", "http://localhost.:{port}/", "http://LOCALHOST:{port}/", "http://0.0.0.0:{port}/", "http://[::]:{port}/",
        "http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/latest/meta-data/", "http://[fd00:ec2::254]/",
        "http://100.100.100.200/", "http://10.0.0.1/", "http://192.168.1.1/", "http://172.16.0.1/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/",
    ];

    [Theory]
    [MemberData(nameof(PrivateSpellings))]
    public async Task Exchange_ToAPrivateAddressNotAllowed_IsBlockedBeforeConnecting(string url)
    {
        var exchanger = Exchanger(allowed: []);

        var exchange = await exchanger.SendAsync(Get(url.Replace("{port}", Port.ToString(), StringComparison.Ordinal)), Values, TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.Equal(TransportFailure.Blocked, exchange.Transport);
        Assert.Contains("StatusBoard:Probes:AllowedPrivateNetworks", exchange.TransportDetail);
        Assert.False(exchange.Response!.Connected);
        Assert.Equal(0, _hits);
    }

    [Fact]
    public async Task Exchange_ToAnAllowedNetwork_Connects_AndTheProbeIsBlamedWhenItIsNot()
    {
        var allowed = Exchanger(allowed: ["127.0.0.0/8"]);
        var other = Exchanger(allowed: ["10.20.0.0/16"]);

        var reached = await allowed.SendAsync(Get(_target.Address + "/ok"), Values, TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var refused = await other.SendAsync(Get(_target.Address + "/ok"), Values, TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var finding = Classifier.Classify(new Evidence { Transport = refused.Transport, TransportDetail = refused.TransportDetail }, [], null);

        Assert.Equal((200, "reached"), (reached.Response!.Status, reached.Response.Body));
        Assert.Equal(TransportFailure.Blocked, refused.Transport);
        Assert.Equal(1, _hits);
        Assert.Equal((Outcome.Error, FailureCategory.Probe, "destination-refused"), (finding.Outcome, finding.Category, finding.Rule));
        Assert.StartsWith("destination not allowed: 127.0.0.1 is 127.0.0.1", finding.Message);
    }

    [Fact]
    public async Task Exchange_ANameThatResolvesElsewhereLater_IsJudgedOnEachConnection()
    {
        // DNS rebinding: the name first leads to the allowed target, then to the metadata address.
        var answers = new Queue<IPAddress>([IPAddress.Loopback, IPAddress.Parse("169.254.169.254")]);
        var destinations = new Destinations(
            Options.Create(new DestinationOptions { AllowedPrivateNetworks = ["127.0.0.1/32"] }),
            resolve: (_, _) => Task.FromResult<IPAddress[]>([answers.Dequeue()]));
        var exchanger = new HttpExchanger(TimeProvider.System, Options.Create(new ProbeHttpOptions()), destinations);
        var url = $"http://rebind.example:{Port}/";

        var first = await exchanger.SendAsync(Get(url), Values, TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var second = await exchanger.SendAsync(Get(url), Values, TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.Equal(200, first.Response!.Status);
        Assert.Equal(TransportFailure.Blocked, second.Transport);
        Assert.Contains("169.254.169.254", second.TransportDetail);
        Assert.Equal(1, _hits);
        Assert.Equal(1, destinations.Refused);
    }

    [Fact]
    public async Task Exchange_ARedirectToAPrivateAddress_IsNotFollowed()
    {
        await using var redirector = await LoopbackServer.StartAsync(app =>
            app.MapGet("/", () => Results.Redirect(_target.Address + "/secret")));
        var exchanger = Exchanger(allowed: ["127.0.0.0/8"]);

        var exchange = await exchanger.SendAsync(Get(redirector.Address + "/"), Values, TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.Equal(302, exchange.Response!.Status);
        Assert.Equal(_target.Address + "/secret", exchange.Response.Headers["Location"]);
        Assert.Equal(0, _hits);
    }

    [Theory]
    [InlineData("8.8.8.8", false)]
    [InlineData("93.184.216.34", false)]
    [InlineData("2606:4700:4700::1111", false)]
    [InlineData("127.0.0.53", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("198.18.0.1", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("fe80::1", true)]
    [InlineData("ff02::1", true)]
    public void IsPrivate_KnowsTheSpecialRanges(string address, bool expected) =>
        Assert.Equal(expected, Destinations.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public void Parse_NamesEveryEntryThatIsNotARange()
    {
        var networks = Destinations.Parse(["10.0.0.0/8", "fd00::/8", "10.0.0.0/33", "intranet", ""], out var errors);

        Assert.Equal(2, networks.Count);
        Assert.Equal(
            ["StatusBoard:Probes:AllowedPrivateNetworks:2: '10.0.0.0/33' is not a CIDR range such as 10.0.0.0/8",
             "StatusBoard:Probes:AllowedPrivateNetworks:3: 'intranet' is not a CIDR range such as 10.0.0.0/8",
             "StatusBoard:Probes:AllowedPrivateNetworks:4: '' is not a CIDR range such as 10.0.0.0/8"],
            errors);
    }

    private static TemplateValues Values => new("sg", null, DateTimeOffset.UnixEpoch, new Dictionary<string, string>());

    private static HttpRequestTemplate Get(string url) => new("GET", url, new Dictionary<string, string>(), null);

    private static HttpExchanger Exchanger(string[] allowed) =>
        new(TimeProvider.System, Options.Create(new ProbeHttpOptions()), new Destinations(Options.Create(new DestinationOptions { AllowedPrivateNetworks = [.. allowed] })));
}
