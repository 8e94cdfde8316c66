namespace StatusBoard.Probes.Running;

/// <summary>Marks the phases of one request as the handler reaches them.</summary>
internal sealed class PhaseClock(TimeProvider time, long started)
{
    private double? _dns;
    private double? _connect;
    private double? _tls;
    private double? _firstByte;

    public bool Connected => _connect is not null;

    /// <summary>When the server's certificate expires, once TLS is up.</summary>
    public DateTimeOffset? CertificateNotAfter { get; set; }

    public TimingPhases Phases => new(Round(_dns), Round(_connect - (_dns ?? 0)), Round(_tls - (_connect ?? 0)), Round(_firstByte));

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    public void MarkDns() => _dns = Now();

    public void MarkConnected() => _connect = Now();

    public void MarkTls() => _tls = Now();

    public void MarkFirstByte() => _firstByte = Now();

    private double Now() => time.GetElapsedTime(started).TotalMilliseconds;
}
