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
