namespace StatusBoard.Probes.Conditions;

/// <summary>The values of a response that a condition can read.</summary>
public enum Placeholder
{
    Status,
    Body,
    ResponseTime,
    Header,
    Connected,
    CertificateExpiration,
    CertificateHostnameMatch,
    CertificateChainValid,
    DnsRcode,
    Ip,
}

/// <summary>How each <see cref="Placeholder"/> is written in a condition: <c>[STATUS]</c>, <c>[DNS_RCODE]</c>…</summary>
public static class PlaceholderNames
{
    private static readonly Dictionary<string, Placeholder> ByName = new(StringComparer.Ordinal)
    {
        ["STATUS"] = Placeholder.Status,
        ["BODY"] = Placeholder.Body,
        ["RESPONSE_TIME"] = Placeholder.ResponseTime,
        ["HEADER"] = Placeholder.Header,
        ["CONNECTED"] = Placeholder.Connected,
        ["CERTIFICATE_EXPIRATION"] = Placeholder.CertificateExpiration,
        ["CERTIFICATE_HOSTNAME_MATCH"] = Placeholder.CertificateHostnameMatch,
        ["CERTIFICATE_CHAIN_VALID"] = Placeholder.CertificateChainValid,
        ["DNS_RCODE"] = Placeholder.DnsRcode,
        ["IP"] = Placeholder.Ip,
    };

    private static readonly Dictionary<Placeholder, string> Names = ByName.ToDictionary(pair => pair.Value, pair => pair.Key);

    public static IReadOnlyList<Placeholder> All { get; } = [.. ByName.Values];

    /// <summary>The placeholder written <c>[name]</c>, without its brackets; null when there is none.</summary>
    public static Placeholder? Find(string name) => ByName.TryGetValue(name, out var placeholder) ? placeholder : null;

    /// <summary><c>[STATUS]</c>, or <c>[HEADER].Name</c> for the header.</summary>
    public static string Written(Placeholder placeholder) => placeholder == Placeholder.Header ? "[HEADER].Name" : $"[{Names[placeholder]}]";

    /// <summary>"[STATUS], [BODY] or [IP]".</summary>
    public static string List(IEnumerable<Placeholder> placeholders)
    {
        var written = placeholders.Select(Written).ToList();
        return written.Count <= 1 ? string.Concat(written) : $"{string.Join(", ", written[..^1])} or {written[^1]}";
    }
}
