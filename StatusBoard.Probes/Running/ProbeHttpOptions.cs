namespace StatusBoard.Probes.Running;

/// <summary>Limits on what a probe request may read (<c>StatusBoard:Probes:Http</c>).</summary>
public sealed class ProbeHttpOptions
{
    /// <summary>Bodies are read up to this many bytes; the rest is never read.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Pause between a failed attempt and the retry that confirms it.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>What probes send as <c>User-Agent</c>: <c>StatusBoard:Probes:Http:UserAgent</c>; <c>StatusBoard/&lt;version&gt;</c> by default.</summary>
    public string UserAgent { get; set; } = DefaultUserAgent;

    /// <summary><c>StatusBoard/&lt;version&gt;</c>, the version of this build.</summary>
    public static string DefaultUserAgent { get; } =
        $"StatusBoard/{typeof(ProbeHttpOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"}";

    /// <summary>
    /// PEM files of private certificate authorities that https probes trust besides the system's, for platforms whose
    /// internal endpoints use a company CA (<c>StatusBoard:Probes:Http:TrustedCertificates:0</c> = path).
    /// </summary>
    public List<string> TrustedCertificates { get; set; } = [];
}
