namespace StatusBoard.Probes.Running;

/// <summary>Limits on what a probe request may read (<c>StatusBoard:Probes:Http</c>).</summary>
public sealed class ProbeHttpOptions
{
    /// <summary>Bodies are read up to this many bytes; the rest is never read.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Pause between a failed attempt and the retry that confirms it.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public string UserAgent { get; set; } = "StatusBoard-Probe/1.0";
}
