namespace StatusBoard.Probes.Kinds;

/// <summary>
/// Every probe kind StatusBoard runs, in the order the editor lists them. A new kind is a folder of its own under
/// <c>Kinds/</c> (its <see cref="ProbeKind"/>, its executor, its tests) and one line here.
/// </summary>
public static class ProbeKinds
{
    public static readonly ProbeKind Http = new Http.HttpKind();

    public static IReadOnlyList<ProbeKind> All { get; } =
    [
        Http,
        new Journey.JourneyKind(),
        new Sockets.TcpKind(),
        new Sockets.TlsKind(),
        new Dns.DnsKind(),
        new Grpc.GrpcKind(),
    ];

    private static readonly Dictionary<string, ProbeKind> ByName = All.ToDictionary(kind => kind.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The kind a document names, or null.</summary>
    public static ProbeKind? Find(string? name) => name is not null && ByName.TryGetValue(name.Trim(), out var kind) ? kind : null;

    public static ProbeKind Get(string name) => Find(name) ?? throw new ArgumentException($"'{name}' is not a probe kind", nameof(name));

    /// <summary>"http, journey, tcp, tls, dns".</summary>
    public static string Names => string.Join(", ", All.Select(kind => kind.Name));
}
