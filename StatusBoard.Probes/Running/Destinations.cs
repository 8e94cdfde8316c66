using System.Net;
using System.Net.Sockets;

namespace StatusBoard.Probes.Running;

/// <summary><c>StatusBoard:Probes</c>: which private networks probes and webhooks may reach.</summary>
public sealed class DestinationOptions
{
    /// <summary>
    /// CIDR ranges (<c>10.20.0.0/16</c>, <c>fd00::/8</c>) of private, loopback or link-local addresses that outbound
    /// requests may connect to: <c>StatusBoard:Probes:AllowedPrivateNetworks:0</c>. Empty by default: only public
    /// addresses and the built-in sandbox are reached.
    /// </summary>
    public List<string> AllowedPrivateNetworks { get; set; } = [];
}

/// <summary>Names each entry of the allow-list that is not a CIDR range, at start.</summary>
internal sealed class DestinationOptionsValidation : IValidateOptions<DestinationOptions>
{
    public ValidateOptionsResult Validate(string? name, DestinationOptions options)
    {
        Destinations.Parse(options.AllowedPrivateNetworks, out var errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>An outbound connection refused because of where it leads; reported, never retried.</summary>
public sealed class BlockedDestinationException(string message) : Exception(message);

/// <summary>
/// Where outbound requests (probes, webhooks) may connect. The check is made on the addresses a name resolves to, at
/// connect time, so that every spelling of an address (<c>127.1</c>, <c>0x7f000001</c>, <c>[::ffff:169.254.169.254]</c>,
/// <c>localhost.</c>) and a name whose DNS answer changes after a probe was saved are judged by where they really lead.
/// Private, loopback, link-local, metadata and other special-purpose addresses are reached only when
/// <see cref="DestinationOptions.AllowedPrivateNetworks"/> names them, or when they are the built-in sandbox.
/// </summary>
public sealed class Destinations
{
    // IANA special-purpose ranges: nothing public lives here.
    private static readonly IPNetwork[] Special =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.88.99.0/24"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/127"), IPNetwork.Parse("100::/64"), IPNetwork.Parse("2001::/23"), IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    private readonly IReadOnlyList<IPNetwork> _allowed;
    private readonly ISandboxLocator? _sandbox;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private long _refused;

    /// <param name="options">The allow-list.</param>
    /// <param name="sandbox">Where the built-in sandbox listens: always allowed.</param>
    /// <param name="resolve">How names are resolved: the system's resolver, unless a test says otherwise.</param>
    public Destinations(IOptions<DestinationOptions> options, ISandboxLocator? sandbox = null, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
        _allowed = Parse(options.Value.AllowedPrivateNetworks, out var errors);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(DestinationOptions), typeof(DestinationOptions), errors);
        }

        _sandbox = sandbox;
    }

    /// <summary>Outbound connections refused so far.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The ranges, or an error naming each entry that is not a CIDR range.</summary>
    public static IReadOnlyList<IPNetwork> Parse(IEnumerable<string> entries, out List<string> errors)
    {
        errors = [];
        var networks = new List<IPNetwork>();
        foreach (var (entry, index) in entries.Select((e, i) => (e, i)))
        {
            if (IPNetwork.TryParse(entry?.Trim(), out var network))
            {
                networks.Add(network);
            }
            else
            {
                errors.Add($"StatusBoard:Probes:AllowedPrivateNetworks:{index}: '{entry}' is not a CIDR range such as 10.0.0.0/8");
            }
        }

        return networks;
    }

    /// <summary>True for addresses outside the public internet, after unwrapping IPv4 carried in IPv6.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        var plain = Unwrap(address);
        return Special.Any(network => network.Contains(plain)) || IPAddress.IsLoopback(plain);
    }

    /// <summary>
    /// Whether a connection to this address on this port may be made. <paramref name="path"/> is the path of the HTTP
    /// request the connection is for: the app's own address is reached only for its sandbox (<c>/sandbox/**</c>), never
    /// for its API — and not at all without a path (tcp, tls, webhooks).
    /// </summary>
    public bool Permits(IPAddress address, int port, string? path = null)
    {
        var plain = Unwrap(address);
        if (!IsPrivate(plain))
        {
            return true;
        }

        return _allowed.Any(network => network.Contains(plain)) || IsSandbox(plain, port, path);
    }

    /// <summary>
    /// The addresses <paramref name="host"/> resolves to that may be connected to on <paramref name="port"/>; throws
    /// <see cref="BlockedDestinationException"/> when there are none.
    /// </summary>
    public async ValueTask<IPAddress[]> ResolveAsync(string host, int port, CancellationToken cancellationToken, string? path = null)
    {
        var name = host.Trim('[', ']');
        var addresses = IPAddress.TryParse(name, out var literal) ? [literal]
            : IsLocalhost(name) ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
            : await _resolve(name, cancellationToken);
        var permitted = addresses.Where(address => Permits(address, port, path)).ToArray();
        if (permitted.Length == 0)
        {
            Interlocked.Increment(ref _refused);
            var shown = addresses.Length == 0 ? "no address" : string.Join(", ", addresses.Select(Unwrap).Distinct());
            throw new BlockedDestinationException(
                $"{host} is {shown}: private, loopback or link-local addresses are reached only when StatusBoard:Probes:AllowedPrivateNetworks names them");
        }

        return permitted;
    }

    /// <summary>
    /// Why a destination written as a literal address (any spelling a URL parser accepts: <c>169.254.169.254</c>,
    /// <c>0xa9fea9fe</c>, <c>[::ffff:a9fe:a9fe]</c>, <c>localhost</c>) can never be reached under the allow-list, or null
    /// when it can or when it is a name: names are judged on what they resolve to, at connect time.
    /// </summary>
    public string? RefusesLiteral(string host, int port, string? path = null)
    {
        var name = host.Trim('[', ']');
        IPAddress[] addresses = IPAddress.TryParse(name, out var literal) ? [literal]
            : IsLocalhost(name) ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
            : [];
        return addresses.Length > 0 && !addresses.Any(address => Permits(address, port, path))
            ? $"'{host}' is {string.Join(", ", addresses.Select(Unwrap).Distinct())}, a private, loopback or link-local address that StatusBoard may not reach: "
              + "allow its network in StatusBoard:Probes:AllowedPrivateNetworks to probe it"
            : null;
    }

    /// <summary><see cref="RefusesLiteral(string, int, string?)"/> for an absolute http(s) URL.</summary>
    public string? RefusesLiteral(Uri url) => RefusesLiteral(url.Host, url.Port, url.AbsolutePath);

    /// <summary>A connect callback for <see cref="System.Net.Http.SocketsHttpHandler"/> that keeps to these rules.</summary>
    public async ValueTask<Stream> ConnectAsync(System.Net.Http.SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        new NetworkStream(await ConnectSocketAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken), ownsSocket: true);

    /// <summary>
    /// A connection to <paramref name="host"/>:<paramref name="port"/> on an address these rules allow (judged on what
    /// the name resolves to now); <paramref name="resolved"/> is told when the name is resolved, before connecting.
    /// </summary>
    public async ValueTask<Socket> ConnectSocketAsync(string host, int port, CancellationToken cancellationToken, string? path = null, Action? resolved = null)
    {
        var addresses = await ResolveAsync(host, port, cancellationToken, path);
        resolved?.Invoke();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary><c>localhost</c>, with or without the root's dot, and every name under it are loopback (RFC 6761), whatever DNS says.</summary>
    private static bool IsLocalhost(string name)
    {
        var plain = name.TrimEnd('.');
        return plain.Equals("localhost", StringComparison.OrdinalIgnoreCase) || plain.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    private bool IsSandbox(IPAddress address, int port, string? path) =>
        _sandbox?.BaseAddress is { } sandbox && Uri.TryCreate(sandbox, UriKind.Absolute, out var uri) && uri.Port == port
        && (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var own) ? Unwrap(own).Equals(address) : IPAddress.IsLoopback(address))
        && path is not null && IsUnder(path, uri.AbsolutePath);

    /// <summary>Whether a request path lies under the sandbox's base path, once dot segments and escapes are read.</summary>
    private static bool IsUnder(string path, string basePath)
    {
        var prefix = basePath.TrimEnd('/');
        // The path as the server will route it: %2e%2e and /../ resolved, so /sandbox/../api/v1 is not under /sandbox.
        var normalized = new Uri(new Uri("http://x"), Uri.UnescapeDataString(path)).AbsolutePath;
        return prefix.Length > 0 && (normalized.Equals(prefix, StringComparison.Ordinal) || normalized.StartsWith(prefix + "/", StringComparison.Ordinal));
    }

    private static IPAddress Unwrap(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that the gateway connects to.
            if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            {
                return new IPAddress(bytes.AsSpan(12, 4));
            }

            if (bytes[0] == 0x20 && bytes[1] == 0x02)
            {
                return new IPAddress(bytes.AsSpan(2, 4));
            }
        }

        return address;
    }
}
